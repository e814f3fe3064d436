"""Each sentence's analysis: its tokens, word stems and figures, worked out once.

The build stores it beside each sentence that can answer a question (and the one before,
which a terse sentence leans on) in ``sentences.analysis``; a question reads it with its
candidate rows instead of tokenizing and parsing every candidate sentence again (about a
third of a question's time, finding the figures the most of it). The ranking reads a
sentence's analysis through ``stored`` and works it out afresh only for text no store
handed over (a metric label, a title).

The stored form is ``marshal`` of plain tuples: reading it back costs a few microseconds
where tokenizing and finding the figures again cost a few hundred.
"""

from __future__ import annotations

import marshal
from array import array
from typing import Any

from facts.figures import Figure, find_figures
from facts.question import YEAR
from facts.text import PERIOD_CODE, TOKEN, Token, fold, join_compounds, stem, tokenize
from facts.vocabulary import vocabulary

# Bump when what is stored changes shape (and the schema version with it); a blob of
# another format is not read, its sentence is analysed afresh.
FORMAT = 1

_FULL, _WORDS = b"F", b"W"  # a stored analysis with its figures, or with its words alone
TermPositions = list[tuple[str, int]]  # (stem, token index) of each word


def tokens_of(sentence: str) -> list[Token]:
    """The sentence's tokens, of its folded text."""
    return tokenize(fold(sentence))


_ORDINALS = vocabulary().ordinals


def term_positions(tokens: list[Token]) -> TermPositions:
    """(stem, token index) for each word; years kept as written, compounds joined, and the
    parts of a hyphenated word ('third-quarter') added under its index."""
    return _term_positions([tok.text for tok in tokens])


def _term_positions(texts: list[str]) -> TermPositions:
    """`term_positions` of the tokens' texts."""
    stems: list[str] = []
    indexes: list[int] = []
    extra: list[tuple[int, tuple[str, ...]]] = []  # (token index, stems it adds)
    for i, text in enumerate(texts):
        form = _WORD_FORMS.get(text)
        if form is None:
            form = _word_form(text)
            if len(_WORD_FORMS) < _WORD_FORMS_MAX:
                _WORD_FORMS[text] = form
        if form is not None:
            stems.append(form[0])
            indexes.append(i)
            if form[1]:
                extra.append((i, form[1]))
    out = list(zip(join_compounds(stems), indexes, strict=True))
    for i, added in extra:
        out.extend((s, i) for s in added)
    return out


# Each token text's stem and the stems it adds, worked out once per process: the words of
# a corpus repeat, and this was a twentieth of a build (stemming and two patterns a word).
_WORD_FORMS: dict[str, tuple[str, tuple[str, ...]] | None] = {}
_WORD_FORMS_MAX = 200_000  # distinct token texts remembered (a number is one too)


def _word_form(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A token's stem (a year kept as written) and the stems it adds under its index: 'Q2'
    and 'Q2FY26' say 'second quarter', 'H1' 'first half'; 'third-quarter' says 'third' and
    'quarter', and 'e-commerce' 'ecommerce'. None for a token that is no word."""
    word = text.removesuffix("'s").strip(".'-")
    if not word:
        return None
    added: list[str] = []
    code = PERIOD_CODE.fullmatch(word)
    if code and code.group(1, 2, 3) != (None, None, None):
        part = "quarter" if code.group(1) or code.group(2) else "half"
        number = int(code.group(1) or code.group(2) or code.group(3))
        added += (stem(_ORDINALS[number - 1]), stem(part))
    if "-" in word:
        added += (stem(part) for part in word.split("-") if part)
        added.append(stem(word.replace("-", "")))
    return (word if YEAR.match(word) else stem(word)), tuple(added)


def _packed(numbers: list[int]) -> tuple[str, bytes]:
    """Offsets and indexes as the smallest array that holds them."""
    code = "H" if max(numbers, default=0) < 1 << 16 else "I"
    return code, array(code, numbers).tobytes()


def encode(
    sentence: str,
    *,
    words_only: bool = False,
    figures: list[Figure] | None = None,
    folded: str | None = None,
) -> bytes:
    """The sentence's analysis as stored; ``words_only`` leaves out the figures, for a
    sentence that is only ever read for its words (the one before a sentence with facts).
    ``figures`` are the sentence's, when the caller has found them already, and ``folded``
    its text as `fold` makes it."""
    # The tokens' texts and offsets straight from the pattern: no Token objects are needed.
    found = list(TOKEN.finditer(fold(sentence) if folded is None else folded))
    terms = _term_positions([m.group() for m in found])
    # Token texts are slices of the folded sentence, so only their offsets are kept; stems
    # hold no space (tokens hold none), so they are kept as one string.
    offsets = _packed([x for m in found for x in m.span()])
    stems = [s for s, _ in terms]
    joined: str | list[str] = " ".join(stems)
    # An empty stem, or one with a space (none so far), would not split back: the list then.
    # Counted on the joined text rather than word by word: its only spaces are the joins.
    if stems and (not all(stems) or joined.count(" ") != len(stems) - 1):
        joined = stems
    positions = _packed([i for _, i in terms])
    rows = None
    if not words_only:
        # A figure's text is its slice of the sentence, kept only where it is not.
        rows = tuple(
            (f.start, f.end, _unless_slice(sentence, f), f.kind, f.value, f.unit, f.noun)
            for f in (find_figures(sentence) if figures is None else figures)
        )
    # The first byte says whether the figures are there, so that a remembered analysis
    # need not be read to know it.
    return (_WORDS if rows is None else _FULL) + marshal.dumps(
        (FORMAT, offsets, joined, positions, rows)
    )


def _unless_slice(sentence: str, figure: Figure) -> str | None:
    return None if sentence[figure.start : figure.end] == figure.text else figure.text


def _unpacked(packed: tuple[str, bytes]) -> array[int]:
    return array(packed[0], packed[1])


class Stored:
    """A sentence's analysis as read from a store."""

    __slots__ = ("_figures", "_offsets", "_positions", "_stems", "sentence")

    def __init__(self, sentence: str, blob: bytes) -> None:
        form, offsets, stems, positions, figures = marshal.loads(memoryview(blob)[1:])
        if form != FORMAT:
            raise ValueError(f"sentence analysis of format {form}, not {FORMAT}")
        self.sentence = sentence
        self._offsets: tuple[str, bytes] = offsets
        self._stems: str | list[str] = stems
        self._positions: tuple[str, bytes] = positions
        self._figures: tuple[tuple[Any, ...], ...] | None = figures

    def tokens(self, folded: str) -> list[Token]:
        """The tokens, given the folded sentence (``fold``) that their texts are cut from."""
        offsets = _unpacked(self._offsets)
        return [
            Token(folded[offsets[i] : offsets[i + 1]], offsets[i], offsets[i + 1])
            for i in range(0, len(offsets), 2)
        ]

    def bounds(self) -> tuple[list[int], list[int]]:
        """The tokens' start and end offsets, without making the tokens."""
        offsets = _unpacked(self._offsets)
        return offsets[0::2].tolist(), offsets[1::2].tolist()

    def terms(self) -> TermPositions:
        stems = self._stems
        if isinstance(stems, str):
            stems = stems.split(" ") if stems else []
        return list(zip(stems, _unpacked(self._positions), strict=True))

    def figures(self) -> list[Figure] | None:
        """The figures, or None when the store kept only the words."""
        if self._figures is None:
            return None
        sentence = self.sentence
        return [
            Figure(start, end, sentence[start:end] if text is None else text, *rest)
            for start, end, text, *rest in self._figures
        ]


# The analyses the store has handed over, by sentence text, as stored: bytes, which the
# garbage collector never walks (a long-lived object it walks lengthens every full
# collection, and those pauses make the slowest answers).
_STORED: dict[str, bytes] = {}
MAX_STORED = 20_000


def remember(sentence: str, blob: bytes | None) -> None:
    """Keep a sentence's stored analysis for the ranking to read (a store calls this for
    each candidate row it reads). Text is the key: the analysis depends on nothing else."""
    if blob is None:
        return
    found = _STORED.get(sentence)
    # The same text stored with its figures outweighs it stored for its words alone.
    if found is not None and (found[:1] == _FULL or blob[:1] == _WORDS):
        return
    if len(_STORED) >= MAX_STORED:
        # The oldest go first: a question's candidates were all remembered just now.
        for old in list(_STORED)[: MAX_STORED // 4]:
            _STORED.pop(old, None)  # another thread may have dropped it
    _STORED[sentence] = blob


# The analyses read last, unpacked: the ranking asks a candidate sentence's analysis for
# its token bounds, stems, figures and tokens in turn, each once, so a sentence was
# unpacked about four times. Kept by text with the blob they were read from: a sentence
# remembered again with its figures is read afresh. About one question's sentences.
_READ: dict[str, tuple[bytes, Stored]] = {}
MAX_READ = 128


def stored(sentence: str) -> Stored | None:
    """The sentence's stored analysis, if a store handed it over."""
    blob = _STORED.get(sentence)
    if blob is None:
        return None
    read = _READ.get(sentence)
    if read is not None and read[0] is blob:
        return read[1]
    try:
        found = Stored(sentence, blob)
    except ValueError:
        return None  # another format
    if len(_READ) >= MAX_READ:
        _READ.clear()  # a new question's sentences, as a rule
    _READ[sentence] = (blob, found)
    return found


def forget() -> None:
    """Drop every remembered analysis (tests)."""
    _STORED.clear()
    _READ.clear()
