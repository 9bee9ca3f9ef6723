import pytest
from pydantic import ValidationError

from worker.codecs import PydanticCodec, decode, encode
from worker.models import RawRef, Rejected, RejectReason


def _rejected() -> Rejected:
    src = RawRef(topic="articles.raw", partition=2, offset=7, key="k", timestamp_ms=1)
    return Rejected(article_id="a", stage="normalize", reason=RejectReason.EMPTY, error="empty", source=src,
                    original_b64="")


def test_codec_round_trips_a_model():
    codec = PydanticCodec(Rejected)
    record = _rejected()
    assert codec.loads(codec.dumps(record)) == record


def test_encode_is_deterministic_for_equal_records():
    assert encode(_rejected()) == encode(_rejected())


def test_decode_rejects_wrong_shape():
    with pytest.raises(ValidationError):
        decode(Rejected, b'{"article_id": 1}')
