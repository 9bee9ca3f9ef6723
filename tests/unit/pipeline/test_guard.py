"""The guard's line between bad input (a DLQ verdict) and a broken worker (retry, never reject)."""

import errno

import pytest

from worker.models import RejectReason
from worker.pipeline.guard import InfrastructureError, guarded, is_infrastructure
from worker.stages.errors import RejectError


def test_a_stage_reject_keeps_its_reason_and_gets_the_stage():
    def call() -> str:
        raise RejectError(RejectReason.EMPTY, "nothing there")

    result = guarded("normalize", 1.0, call)
    assert isinstance(result, RejectError)
    assert (result.reason, result.stage, result.message) == (RejectReason.EMPTY, "normalize", "nothing there")


def test_a_bug_in_stage_code_rejects_the_article_as_stage_error():
    result = guarded("tag", 1.0, lambda: {}["missing"])
    assert isinstance(result, RejectError) and result.reason is RejectReason.STAGE_ERROR
    assert "KeyError" in result.message


@pytest.mark.parametrize("exc", [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    MemoryError(),
    Exception("IO error: No space left on device: While appending to file: 000012.log"),
    Exception("Corruption: block checksum mismatch"),
])
def test_infrastructure_faults_propagate_and_are_never_rejects(exc: BaseException):
    def call() -> None:
        raise exc

    assert is_infrastructure(exc)
    with pytest.raises(InfrastructureError):
        guarded("dedupe", 1.0, call)


def test_an_ordinary_exception_message_is_not_mistaken_for_storage_trouble():
    assert not is_infrastructure(ValueError("IO error: this is a ValueError"))
    assert not is_infrastructure(Exception("Input corruption: bad markup"))
