import signal
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


def test_a_quick_block_leaves_no_timer_armed_and_restores_the_handler():
    previous = signal.getsignal(signal.SIGALRM)
    with deadline(0.5, "tag"):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous
