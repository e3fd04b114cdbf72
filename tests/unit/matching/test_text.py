"""Words as terms: Dutch stemming, function words and place names left out."""

from __future__ import annotations

from matching.domain.text import stems, terms


def test_dutch_plurals_meet_their_singular_and_the_first_word_is_kept_for_display() -> None:
    assert dict(terms("ziekenhuizen betrekken"))["ziekenhuis"] == "ziekenhuizen"
    assert "ziekenhuis" in stems(terms("Ziekenhuis"))


def test_function_words_places_and_stand_in_labels_are_not_terms() -> None:
    found = stems(terms("De school in Maastricht (stand-in) en het netwerk van Limburg"))
    assert found == {"netwerk"}


def test_lists_of_texts_and_missing_texts_are_accepted() -> None:
    assert stems(terms(None, ["Living Labs", "ENoLL"], "")) == {"lif", "lab", "enoll"}
