"""The 'articles per country per hour' panel reads a metric whose country label is bounded."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.deploy.conftest import DASHBOARD, metric_names_in
from worker.runtime.metrics import ARTICLES_BY_COUNTRY, COUNTRY_LABELS, country_label


def test_panel_reads_the_bounded_country_metric() -> None:
    panels = json.loads(DASHBOARD.read_text(encoding="utf-8"))["panels"]
    panel = next(p for p in panels if p["title"] == "Articles per country per hour")
    (target,) = panel["targets"]
    assert metric_names_in(target["expr"]) == {"ingest_articles_by_country_total"}
    assert "sum by (country)" in target["expr"] and "[1h]" in target["expr"]
    assert ARTICLES_BY_COUNTRY._labelnames == ("country",)


@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2), max_size=4))
def test_country_label_takes_a_bounded_set_of_values(countries: list[str]) -> None:
    label = country_label(countries)
    assert label in COUNTRY_LABELS | {"other", "none"}
    assert label == (countries[0] if countries and countries[0] in COUNTRY_LABELS else label)
