"""The three hops, as the worker calls them and as ``Pipeline.run`` chains them."""

from pathlib import Path

import pytest

from worker.models import (
    DedupedArticle,
    DuplicateRecord,
    EnrichedArticle,
    FingerprintedArticle,
    Rejected,
    RejectReason,
    Verdict,
)
from worker.pipeline import VERSIONS, Pipeline
from worker.settings import Settings
from worker.stages.normalize import RawInput
from worker.tools.process import raw_inputs

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(ner_enabled=False))


def test_hops_one_by_one_give_what_run_gives():
    settings = Settings(ner_enabled=False)
    raws = list(raw_inputs(SEEDS + SEEDS[:2]))
    chained = list(Pipeline(settings).run(raws))
    p = Pipeline(settings)
    by_hand = []
    for raw in raws:
        record = p.normalize(raw).record
        assert isinstance(record, FingerprintedArticle)
        record = p.dedupe(record).record
        if isinstance(record, DedupedArticle):
            record = p.tag([record])[0].record
        by_hand.append(record)
    assert [r.model_dump_json() for r in chained] == [r.model_dump_json() for r in by_hand]
    assert [type(r) for r in chained] == [EnrichedArticle] * 5 + [DuplicateRecord] * 2
    assert all(r.dedupe.verdict is Verdict.EXACT_DUPLICATE for r in chained[5:])


def test_records_carry_the_stage_versions_and_timings_stay_out_of_the_value(pipeline: Pipeline):
    result = pipeline.normalize(next(raw_inputs(SEEDS[:1])))
    assert set(result.timings_us) == {"normalize", "fingerprint"}
    unique = pipeline.dedupe(result.record).record  # type: ignore[arg-type]
    (tagged,) = pipeline.tag([unique])  # type: ignore[list-item]
    record = tagged.record
    assert isinstance(record, EnrichedArticle)
    assert record.stage_versions == VERSIONS
    assert set(tagged.timings_us) == {"normalize", "fingerprint", "dedupe", "tag"}
    assert "timings" not in record.model_dump_json()


def test_bad_input_becomes_a_reject_with_the_original_bytes(pipeline: Pipeline):
    raw = next(raw_inputs(SEEDS[:1]))
    empty = RawInput(value=b"   \n ", source=raw.source, headers={"filename": "x.txt"})
    record = pipeline.normalize(empty).record
    assert isinstance(record, Rejected)
    assert (record.stage, record.reason) == ("normalize", RejectReason.EMPTY)
    assert record.original_size == 5 and record.headers == {"filename": "x.txt"}


def test_a_batch_that_fails_in_tag_is_retried_one_by_one(monkeypatch: pytest.MonkeyPatch):
    p = Pipeline(Settings(ner_enabled=False))
    uniques = [p.dedupe(p.normalize(r).record).record for r in raw_inputs(SEEDS[:3])]  # type: ignore[arg-type]
    bad = uniques[1].article.article_id  # type: ignore[union-attr]
    real_tag_many = p.tagger.tag_many

    def tag_one(article):  # the middle article breaks the tagger
        if article.article_id == bad:
            raise RuntimeError("tagger bug")
        return real_tag_many([article])[0]

    def tag_many(articles):
        return [tag_one(a) for a in articles]

    monkeypatch.setattr(p.tagger, "tag", tag_one)
    monkeypatch.setattr(p.tagger, "tag_many", tag_many)
    out = [r.record for r in p.tag(uniques)]  # type: ignore[arg-type]
    assert [type(r) for r in out] == [EnrichedArticle, Rejected, EnrichedArticle]
    rejected = out[1]
    assert isinstance(rejected, Rejected) and rejected.stage == "tag" and rejected.reason is RejectReason.STAGE_ERROR
