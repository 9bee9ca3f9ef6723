"""Poison detection: strikes for articles in flight when the process died, and only for them."""

from worker.runtime.inflight import InFlight


def test_articles_in_flight_at_death_get_a_strike_and_poison_at_the_limit(tmp_path):
    first = InFlight(tmp_path, limit=2)
    first.begin("normalize", ["a", "b"])
    first.begin("tag", ["c"])
    # the process dies here: a new one starts
    second = InFlight(tmp_path, limit=2)
    assert second.died_with == {"normalize": ["a", "b"], "tag": ["c"]}
    assert (second.struck("a"), second.struck("c"), second.struck("z")) == (1, 1, 0)
    assert not second.poisoned("a")
    second.begin("normalize", ["a"])
    third = InFlight(tmp_path, limit=2)  # it died on "a" again
    assert third.poisoned("a") and not third.poisoned("b")


def test_a_batch_that_completes_leaves_nothing_in_flight_and_voids_its_strikes(tmp_path):
    first = InFlight(tmp_path, limit=2)
    first.begin("dedupe", ["a"])
    second = InFlight(tmp_path, limit=2)
    second.begin("dedupe", ["a", "b"])
    second.end("dedupe", ["a", "b"])
    third = InFlight(tmp_path, limit=2)
    assert third.died_with == {} and third.struck("a") == 0
