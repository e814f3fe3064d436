"""Meaning beyond the hand lists: words related to a question word, with a strength.

'How many phones did X sell?' should meet 'X's smartphone sales', and 'advertising' should
meet 'ads'. The hand synonym groups (``facts.synonyms``) cover the metric words someone
thought of; this module covers the rest of the language from a small data file,
``facts/data/related_words.tsv``, made once offline by ``scripts/distill_vectors.py``
from a sentence-embedding model (``docs/meaning.md`` says how, and how it measured against
a lemmatizer with a derivational lexicon).

The file lists, for each of some 30,000 common English words, its nearest words with a
similarity in 0..100. Lookup is by the question's word as typed; the related words are
stemmed here, so the file holds plain words and stays valid whatever the stemmer does.
Answering reads only this file: no model, numpy or torch. Its lines are sorted by word and
found by binary search in the file's bytes, never parsed whole: parsing all of it took
about 40 ms, a sixth of a one-off `python -m facts ask`.
"""

from __future__ import annotations

import mmap
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from facts.aliases import CALENDAR, PLACES
from facts.errors import StoreError
from facts.synonyms import SYNONYMS
from facts.text import stem

RELATED_FILE = "related_words.tsv"
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


class Relations:
    """Related words by word, from the text of the file: a first line `# source`, then one
    line per word, sorted by word (Python's string order): the word, a tab, and its related
    words with their similarity, nearest first (`climber<TAB>climbers 89 climb 83`). A
    word's line is found by binary search and split only when the word is asked about."""

    def __init__(self, text: str | bytes | mmap.mmap = b"") -> None:
        # Kept as UTF-8 bytes, searched as bytes: their order is the words' order, and the
        # 2.5 MB file is not decoded, only the line asked about (nor read: it is mapped).
        data = text.encode("utf-8") if isinstance(text, str) else text
        newline = data.find(b"\n")  # not partition: that would copy the whole file
        header = data[:1] == b"#" and newline != -1
        self.source = data[1:newline].strip().decode("utf-8") if header else ""
        self._data = data
        self._start = newline + 1 if header else 0  # where the sorted lines begin
        self._memo: dict[str, Mapping[str, float]] = {}

    def __len__(self) -> int:
        """How many words the file relates."""
        body = self._data[self._start :]
        return body.count(b"\n") + (bool(body) and not body.endswith(b"\n"))

    def neighbours(self, word: str) -> tuple[tuple[str, int], ...]:
        """The word's nearest words with their similarity (0..100), nearest first."""
        line = self._line(word)
        if not line:
            return ()
        try:
            flat = line.split(" ")
            if len(flat) % 2:
                raise ValueError("a word without its similarity")
            return tuple((flat[k], int(flat[k + 1])) for k in range(0, len(flat), 2))
        except ValueError as exc:
            raise StoreError(f"{RELATED_FILE}: bad entry for {word!r}") from exc

    def _line(self, word: str) -> str | None:
        """What follows the tab on `word`'s line, or None when no line is the word's."""
        if not word or any(c.isspace() for c in word):
            return None  # no line of the file can start with it
        try:
            wanted = word.encode("utf-8")
        except UnicodeEncodeError:
            return None
        data = self._data
        lo, hi = self._start, len(data)  # lo is always the start of a line
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", lo, mid) + 1 or lo  # the start of mid's line
            end = data.find(b"\n", start)
            end = len(data) if end == -1 else end
            tab = data.find(b"\t", start, end)
            if tab == -1:
                raise StoreError(f"{RELATED_FILE}: a line without a tab at byte {start}")
            key = data[start:tab]
            if key == wanted:
                try:
                    return data[tab + 1 : end].decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise StoreError(f"{RELATED_FILE}: bad entry for {word!r}") from exc
            if key < wanted:
                lo = end + 1
            else:
                hi = start
        return None

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


@cache
def load_relations() -> Relations:
    """The shipped relations, read once per process."""
    # Mapped, not read: a question reads a few of its pages, and reading all 2.5 MB was the
    # largest single step of a one-off question's first answer (about 2 ms).
    try:
        with (Path(__file__).with_name("data") / RELATED_FILE).open("rb") as file:
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (FileNotFoundError, ValueError):  # missing, or empty (which cannot be mapped)
        return Relations()
    return Relations(data)


def related(word: str, own_stem: str) -> Mapping[str, float]:
    """Stems related to a question word (as typed, and its stem), with match strengths."""
    return load_relations().related(word, own_stem)
