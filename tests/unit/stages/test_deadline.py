import time

import pytest

from worker.models import RejectReason
from worker.stages.deadline import deadline
from worker.stages.errors import RejectError


def test_a_runaway_block_is_interrupted_with_a_timeout_reject():
    started = time.monotonic()
    with pytest.raises(RejectError) as info, deadline(0.2, "normalize"):
        while True:  # a stage stuck in pure-Python work
            sum(range(1000))
    assert info.value.reason is RejectReason.TIMEOUT
    assert "normalize" in info.value.message
    assert time.monotonic() - started < 5


def test_a_quick_block_is_untouched_and_the_timer_is_cleared():
    with deadline(0.5, "tag"):
        value = 1 + 1
    time.sleep(0.7)  # would raise here if the alarm were still armed
    assert value == 2
