"""tag demonyms: nationality words name their country, derived from the gazetteer's names."""

from __future__ import annotations

import pytest

from worker.stages.tag.demonyms import country


@pytest.mark.parametrize(("word", "name"), [
    ("syrian", "Syria"), ("syrians", "Syria"), ("moroccan", "Morocco"), ("japanese", "Japan"), ("chinese", "China"),
    ("lebanese", "Lebanon"), ("italian", "Italy"), ("ukrainian", "Ukraine"), ("iraqi", "Iraq"),
    ("belarusian", "Belarus"), ("north koreans", "North Korea"), ("french", "France"), ("americans", "United States"),
])
def test_nationality_names_its_country(word: str, name: str) -> None:
    assert country(word) == name


@pytest.mark.parametrize("word", ["jordanian", "georgian", "european", "refugees", "human", "syria"])
def test_other_words_name_no_country(word: str) -> None:
    assert country(word) is None
