import signal
import subprocess
import sys
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


def test_a_quick_block_leaves_no_timer_armed_and_a_late_alarm_is_harmless():
    with deadline(0.5, "tag", hard_after=5):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    signal.raise_signal(signal.SIGALRM)  # an alarm that fires just after the block ends raises nothing


def test_code_that_never_returns_to_python_is_stopped_by_the_kernel():
    """A C call holding the GIL cannot be interrupted by a Python handler; the CPU-time limit ends the process."""
    script = ("from worker.stages.deadline import deadline\n"
              "with deadline(0.1, 'normalize', hard_after=0.5):\n"
              "    sum(range(10**12))\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert proc.returncode == -signal.SIGVTALRM
    assert time.monotonic() - started < 30
