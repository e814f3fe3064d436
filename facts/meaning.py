"""Meaning beyond the hand lists: words related to a question word, with a strength.

'How many phones did X sell?' should meet 'X's smartphone sales', and 'advertising' should
meet 'ads'. The hand synonym groups (``facts.synonyms``) cover the metric words someone
thought of; this module covers the rest of the language from a small data file,
``facts/data/related_words.json.gz``, made once offline by ``scripts/distill_vectors.py``
from a sentence-embedding model (``docs/meaning.md`` says how, and how it measured against
a lemmatizer with a derivational lexicon).

The file lists, for each of some 30,000 common English words, its nearest words with a
similarity in 0..100. Lookup is by the question's word as typed; the related words are
stemmed here, so the file holds plain words and stays valid whatever the stemmer does.
Answering reads only this file: no model, numpy or torch.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

from facts.aliases import CALENDAR, PLACES
from facts.errors import StoreError
from facts.synonyms import SYNONYMS
from facts.text import stem

RELATED_FILE = "related_words.json.gz"
# Below this similarity two words are taken as unrelated: from the comparison in
# docs/meaning.md, lower ones meet too many words of other metrics ('revenue' ~ 'profit').
MIN_SIMILARITY = 60
# How strongly a related word counts, relative to the same word (1.0) and to a hand synonym
# (0.85): at MIN_SIMILARITY it counts LOW, at 100 it counts HIGH.
LOW, HIGH = 0.3, 0.7
MAX_RELATED = 12  # related stems looked up per question word, the strongest first

_EMPTY: Mapping[str, float] = MappingProxyType({})
# Places and calendar words are the question's context, never another way to name its
# metric: embeddings put 'countries' near 'china' and 'quarter' near 'half'.
_CONTEXT = PLACES | CALENDAR


@dataclass(frozen=True)
class Relations:
    """Related words by word. ``words`` is the vocabulary; ``near[i]`` holds word i's
    nearest words as one string of index, similarity pairs ('12 85 301 77'), split only
    when word i is asked about, so reading the file costs one JSON parse."""

    words: Sequence[str]
    near: Sequence[str]
    source: str = ""
    _index: dict[str, int] = field(default_factory=dict, compare=False)
    _memo: dict[str, Mapping[str, float]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self._index.update((w, i) for i, w in enumerate(self.words))

    def neighbours(self, word: str) -> tuple[tuple[str, int], ...]:
        """The word's nearest words with their similarity (0..100), nearest first."""
        i = self._index.get(word)
        if i is None:
            return ()
        try:
            flat = [int(x) for x in self.near[i].split()]
            if len(flat) % 2:
                raise ValueError("an index without its similarity")
            return tuple((self.words[flat[k]], flat[k + 1]) for k in range(0, len(flat), 2))
        except (ValueError, IndexError) as exc:
            raise StoreError(f"{RELATED_FILE}: bad entry for {word!r}") from exc

    def related(self, word: str, own_stem: str) -> Mapping[str, float]:
        """Stems related to a question word, each with a match strength in (0, 1); never
        the word's own stem, a place or calendar word, or a word of another hand-listed
        metric."""
        key = f"{word}\0{own_stem}"
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        out: dict[str, float] = {}
        if word.lower() in _CONTEXT or stem(word) != own_stem:
            # 'Europe' asked means Europe: 'Sweden' and 'EU' are near it, and other places.
            # And a term joined from two words ('market share') is not its first word.
            self._memo[key] = _EMPTY
            return _EMPTY
        group = SYNONYMS.get(own_stem)
        # By the word as typed only: a stem is no word ('shares' -> 'shar' ~ 'shard').
        for other, sim in self.neighbours(word.lower()):
            if sim < MIN_SIMILARITY or other in _CONTEXT:
                continue
            s = stem(other)
            if s == own_stem or (group is not None and s in SYNONYMS and s not in group):
                # A word of another hand-listed metric is another metric, however close
                # ('revenue' ~ 'profit'): the hand lists know better there.
                continue
            strength = LOW + (HIGH - LOW) * (sim - MIN_SIMILARITY) / (100 - MIN_SIMILARITY)
            if strength > out.get(s, 0.0):
                out[s] = round(strength, 3)
        best = sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_RELATED]
        result: Mapping[str, float] = MappingProxyType(dict(best)) if best else _EMPTY
        if len(self._memo) > 4096:
            self._memo.clear()
        self._memo[key] = result
        return result


def parse_relations(data: object) -> Relations:
    """Read the file's JSON: ``{"source": str, "words": [w, ...], "near": ["i sim i sim
    ...", ...]}``, ``near`` aligned with ``words`` and indexing into it."""
    if not isinstance(data, Mapping):
        raise StoreError(f"{RELATED_FILE}: not a JSON object")
    words, near = data.get("words"), data.get("near")
    if not isinstance(words, list) or not isinstance(near, list) or len(words) != len(near):
        raise StoreError(f"{RELATED_FILE}: 'words' and 'near' must be lists of one length")
    if not all(isinstance(w, str) for w in words) or not all(isinstance(n, str) for n in near):
        raise StoreError(f"{RELATED_FILE}: 'words' and 'near' must hold strings")
    return Relations(tuple(words), tuple(near), str(data.get("source", "")))


@cache
def load_relations() -> Relations:
    """The shipped relations, read once per process."""
    try:
        raw = resources.files("facts").joinpath("data", RELATED_FILE).read_bytes()
    except FileNotFoundError:
        return Relations((), ())
    return parse_relations(json.loads(gzip.decompress(raw)))


def related(word: str, own_stem: str) -> Mapping[str, float]:
    """Stems related to a question word (as typed, and its stem), with match strengths."""
    return load_relations().related(word, own_stem)
