"""Words of names, descriptions and needs as comparable terms: Dutch stemming (Snowball) with
the words every text here uses left out, so 'ziekenhuizen' meets 'ziekenhuis' (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from livinglab_contracts.reference.regions import REGIONS

_WORD = re.compile(r"[^\W\d_]{3,}")
_STEMMER = snowballstemmer.stemmer("dutch")
# Function words (Dutch and English) and words nearly every profile in this network uses.
_STOPWORDS = """
    aan als bij dan dat de den der des die dit door een en er het hun in is met na naar niet
    nog of om onder ook op over per te tot uit van voor wat wel wie zijn zo zoals worden wordt
    and are for from into its of on our the their this that with
    onderwijs samenwerking samen regio regionaal limburg nederland nederlandse landelijk
    initiatief partner partners programma project bedrijven bedrijf organisatie organisaties
    college hogeschool school scholen universiteit stichting centrum netwerken inferred ext
    nieuwe goed goede meer waar hoe via gezocht zoekt biedt stand representatief representative
"""
# Place names say where, which regional proximity (M3) weighs already; a shared city in two
# names is not a shared subject.
_PLACES = {
    word
    for region in REGIONS.values()
    for name in (region.name_nl, region.name_en)
    for word in _WORD.findall(name.lower())
}
STOPWORDS = frozenset(_STOPWORDS.split()) | _PLACES
Term = tuple[str, str]  # (stem, the first word that gave it): an explanation shows the word


@lru_cache(maxsize=1 << 16)  # profiles are read again after every change; words repeat
def _stem(word: str) -> str:
    stem: str = _STEMMER.stemWord(word)
    return stem


def terms(*texts: str | Iterable[str] | None) -> tuple[Term, ...]:
    found: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        for part in [text] if isinstance(text, str) else text:
            plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
            for word in _WORD.findall(plain.lower()):
                if word in STOPWORDS:
                    continue
                stem = _stem(word)
                if len(stem) >= 3 and stem not in STOPWORDS:
                    found.setdefault(stem, word)
    return tuple(sorted(found.items()))


def stems(found: Iterable[Term]) -> frozenset[str]:
    return frozenset(stem for stem, _ in found)
