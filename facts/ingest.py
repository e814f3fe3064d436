"""Ingestion: article files become articles made of sentences, each with its file and line.

The seed files are raw scraped dumps: articles back to back, each a headline, a standfirst,
body paragraphs, section sub-headings and image captions. Admin-added files may start an
article with a front-matter block (``---`` / ``key: value`` / ``---``) or use Markdown headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from facts.errors import BuildError
from facts.lexicon import layout
from facts.sources import display_path, iter_article_files, source_path
from facts.text import STOPWORDS, normalize

FRONT_MATTER_KEYS = ("title", "url", "published", "source", "company")
# Work per sentence grows faster than its length (figures, attribution and ranking compare
# spans within it), so sentences are kept short enough for that not to matter: the longest
# sentence of real articles is about 400 characters; longer "sentences" are split at clause
# boundaries. A line beyond MAX_LINE is no paragraph at all (a dump without line breaks, a
# data file): the build refuses it with file and line rather than spend minutes on it.
MAX_SENTENCE = 1_000
MAX_LINE = 100_000


@dataclass(slots=True)
class Sentence:
    text: str
    line: int
    paragraph: int
    heading: bool = False  # headline, standfirst or sub-heading: terse, so ranked a little lower


@dataclass(slots=True)
class Article:
    path: str
    line: int
    title: str
    url: str | None = None
    published: str | None = None
    source: str | None = None
    company: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # (paragraph index, text) of each sub-heading, so a section can name its company.
    subheadings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    kind: str  # "heading" | "body" | "item" | "row" | "caption" | "md1" | "md2"


# Lines that are text of the article's body: paragraphs, list items and table rows.
_BODY_KINDS = frozenset({"body", "item", "row"})


_CAPTION = re.compile(
    r"^(©|\(?(photo|image|picture|credit|source)s?\b.*:)"  # © 123rf. ... / Photo: ...
    r"|\((photo|image|picture)s? (by|from|courtesy|credit)[^)]*\)\s*$"  # ... (Photo by X)
    r"|\s[-|]\s[\w.]+\s*$",  # ... - cifnews
    re.IGNORECASE,
)
_CREDITED_CAPTION = re.compile(r"^©\s*[^.]{0,40}\.\s+(.+)$")
_ASIDE = re.compile(r"^(see also|read more|related|read also|also read)\b\s*:?", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…:;][\s'\"”’)\]]*$")
_MAX_HEADLINE = 160
_MAX_SUBHEADING = 200  # a longer unpunctuated line is a paragraph that lost its full stop
_SMALL_WORDS = frozenset(
    "a an the and or but of in on at to for by with from as is it its vs via nor".split()
)


def read_articles(dirs: Sequence[Path]) -> list[Article]:
    """Read every .txt and .md file under the folders, in a stable order."""
    articles: list[Article] = []
    for path, folder in iter_article_files(dirs):
        articles.extend(parse_file(path, display_path(path), source_path(path, folder)))
    return articles


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8; a decoding error names the line of the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"cannot read file: {exc.strerror or exc}", path=shown) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError("not valid UTF-8 text", path=shown, line=line) from exc
    # Numbered as parse_file numbers them (splitlines), so the error names the right line.
    for number, row in enumerate(text.splitlines(), start=1):
        if len(row) > MAX_LINE:
            raise BuildError(
                f"line of {len(row):,} characters, over the {MAX_LINE:,} limit: not an"
                " article paragraph (split it, or is this a data file?)",
                path=shown,
                line=number,
            )
    nul = text.find("\0")
    if nul >= 0:
        # Valid UTF-8 but not text: UTF-16 without a byte-order mark, or a binary file.
        line = text.count("\n", 0, nul) + 1
        raise BuildError(
            "NUL byte: not UTF-8 text (UTF-16 without a byte-order mark?)", path=shown, line=line
        )
    return text


def parse_file(path: Path, shown: str, source: str | None = None) -> list[Article]:
    """Split one file into articles; ``shown`` names it in errors, ``source`` in answers."""
    text = read_text(path, shown)
    raw_lines = text.splitlines()
    articles: list[Article] = []
    meta: dict[str, str] = {}
    meta_line = 0
    block: list[_Line] = []
    number = 0
    while number < len(raw_lines):
        raw = raw_lines[number]
        number += 1
        if raw.strip() == "---" and _starts_front_matter(raw_lines, number):
            articles.extend(_segment(block, shown, meta, meta_line, source or shown))
            block = []
            meta, number = _read_front_matter(raw_lines, number, shown)
            meta_line = number
            continue
        text = normalize(raw)
        line = _classify(text, number, raw)
        if line is not None:
            block.append(line)
        elif block and block[-1].number == number - 1 and text.startswith(block[-1].text):
            block.pop()  # a caption restated with its credit: "X" then "X (Photo by Y)"
    articles.extend(_segment(block, shown, meta, meta_line, source or shown))
    if not articles:
        raise BuildError("no articles found in file", path=shown)
    for article in articles:
        article.sentences = _bounded(article.sentences)
    return articles


def _bounded(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences, each over MAX_SENTENCE characters split into pieces within it."""
    if all(len(s.text) <= MAX_SENTENCE for s in sentences):
        return sentences
    out: list[Sentence] = []
    for s in sentences:
        out.extend(
            Sentence(piece, s.line, s.paragraph, s.heading)
            for piece in split_long(s.text, MAX_SENTENCE)
        )
    return out


def split_long(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut after the last '; ' or ', ' in the
    latter three quarters of each piece, else at its last space, else anywhere. Each cut
    looks at `limit` characters once: linear in the text."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = next_start = -1
        for separator in ("; ", ", "):
            at = text.rfind(separator, start + limit // 4, end - 1)
            if at > cut:
                cut, next_start = at + 1, at + 2
        if cut < 0:
            at = text.rfind(" ", start + 1, end)
            cut, next_start = (at, at + 1) if at > start else (end, end)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = next_start
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


# A front-matter line's key: `title`, `og-title`, `Published` (hyphens count, so an unknown
# key such as `og-title:` is refused by name rather than read as article text).
_FRONT_MATTER_LINE = re.compile(r"^[A-Za-z][\w-]*\s*:")


def _starts_front_matter(lines: list[str], after: int) -> bool:
    """A `---` line opens front matter when a `key:` line follows, and always when it is the
    first line of the file: then whatever follows is checked as front matter, not read as
    text, so a malformed block is an error instead of part of an article."""
    nxt = next((ln.strip() for ln in lines[after:] if ln.strip()), "")
    if not nxt:
        return False
    first = all(not ln.strip() for ln in lines[: after - 1])
    return first or bool(_FRONT_MATTER_LINE.match(nxt))


def _read_front_matter(lines: list[str], start: int, shown: str) -> tuple[dict[str, str], int]:
    """Parse `key: value` lines up to the closing `---`; returns the metadata and next line."""
    meta: dict[str, str] = {}
    given_at: dict[str, int] = {}
    closed = any(ln.strip() == "---" for ln in lines[start:])
    number = start
    while number < len(lines):
        raw = lines[number].strip()
        number += 1
        if raw == "---":
            if "url" in meta and not re.match(r"^https?://\S+$", meta["url"]):
                raise BuildError("front matter url must be an http(s) URL", path=shown, line=start)
            return meta, number
        if not raw:
            continue
        key, sep, value = raw.partition(":")
        key = key.strip().lower()
        if not sep or not re.fullmatch(r"[a-z][\w-]*", key):
            if closed:
                raise BuildError("front matter line is not `key: value`", path=shown, line=number)
            # Not a `key: value` line: the article began before the block was closed.
            raise BuildError("front matter block is not closed with '---'", path=shown, line=start)
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            raise BuildError(
                f"unknown front matter field {key!r} (known: {known})", path=shown, line=number
            )
        if key in given_at:
            raise BuildError(
                f"front matter field {key!r} given twice (first on line {given_at[key]})",
                path=shown,
                line=number,
            )
        given_at[key] = number
        value = normalize(value).strip("'\"")
        if key == "published" and value and not _is_iso_date(value):
            raise BuildError(
                f"front matter published {value!r} is not a YYYY-MM-DD date",
                path=shown,
                line=number,
            )
        meta[key] = value
    raise BuildError("front matter block is not closed with '---'", path=shown, line=start)


# A list item's marker: bullets, dashes, '--', '*' and numbers ('1.', '2)').
_ITEM = re.compile(r"^(?:--|[-–—•·*▪●◦‣○■□➢►✓]|\d{1,2}[.)])\s+(?=\S)")
# Cells of a text table: split by '|', or by tabs and runs of three or more spaces.
_PIPE_CELLS = re.compile(r"\s*\|\s*")
_GAP_CELLS = re.compile(r"\t+\s*|\s{3,}")
_RULE_CELL = re.compile(r":?-{2,}:?|=+|")


def _table_row(raw: str) -> str | None:
    """A text table's row as one line of cells joined by ' | ', '' for a rule line
    ('|---|---|'), None when the line is no table row."""
    line = raw.strip()
    if line.count("|") >= 2 or (line.startswith("|") and line.endswith("|")):
        cells = [c for c in _PIPE_CELLS.split(line.strip("|").strip())]
    else:
        cells = _GAP_CELLS.split(line)
        if len(cells) < 3 or not any(c.isdigit() for c in line) or max(map(len, cells)) > 60:
            return None
    if len(cells) < 2:
        return None
    if all(_RULE_CELL.fullmatch(c) for c in cells):
        return ""
    return " | ".join(normalize(c) for c in cells)


def _is_iso_date(value: str) -> bool:
    """`2020-01-01` or an ISO date and time; `2020-01-01garbage` is neither."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


def _classify(text: str, number: int, raw: str = "") -> _Line | None:
    if not text or _ASIDE.match(text):
        return None
    marker = _ITEM.match(text)
    if marker:
        # A list item is a sentence of its own under the section it is in; the marker is
        # no part of it.
        text = text[marker.end() :]
    elif raw:
        row = _table_row(raw)
        if row == "":
            return None
        if row is not None:
            return _Line(number, row, "row")
    credited = _CREDITED_CAPTION.match(text)
    if credited and len(credited.group(1).split()) >= 6 and _TERMINAL.search(text):
        # '© 123rf. Although ..., its users have nearly doubled ... to $208.': an image
        # caption that is a sentence of the article's own; its credit is no part of it.
        return _Line(number, credited.group(1), "caption")
    if _CAPTION.search(text) and not text.startswith("#"):
        return None
    md = re.match(r"^(#{1,6})\s+(.*)$", text)
    if md:
        return _Line(number, md.group(2).strip(), "md1" if len(md.group(1)) == 1 else "md2")
    if marker:
        return _Line(number, text, "item")
    kind = "body" if _TERMINAL.search(text) or len(text) > 320 else "heading"
    return _Line(number, text, kind)


def _title_case_ratio(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'’.+-]*", text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _article_starts(lines: list[_Line], has_meta: bool) -> list[int]:
    """Indexes of the lines that open an article."""
    starts = [0] if lines else []
    body_seen = 0  # body lines of the current article so far
    seen = lines[0].text if lines else ""  # its text so far
    for i, line in enumerate(lines):
        if i == 0:
            continue
        opens = False
        if line.kind == "md1":
            opens = True
        elif line.kind in _BODY_KINDS:
            # A wire story opens with its dateline even when it has no headline
            # ('(Dec 10): Quillo's shares fell ...').
            opens = (
                not has_meta and body_seen >= 2 and i - starts[-1] > 2 and _opens_story(line.text)
            )
            if not opens:
                body_seen += 1
        elif line.kind == "heading" and len(line.text) <= _MAX_HEADLINE:
            opens = _opens_article(lines, i, has_meta, len(starts) == 1, body_seen, seen)
        if opens:
            starts.append(i)
            body_seen, seen = 0, ""
        seen += " " + line.text
    return starts


def _opens_article(
    lines: list[_Line], i: int, has_meta: bool, first: bool, body_seen: int, seen: str
) -> bool:
    """Whether the heading line ``lines[i]`` is the headline of another article."""
    line = lines[i]
    if has_meta and first and not body_seen:
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    after = lines[i + 2] if i + 2 < len(lines) else None
    if _is_section_heading(line.text) or (nxt is not None and nxt.kind in ("item", "row")):
        return False  # 'Financial Highlights' and a heading over a list open a section
    # A headline followed by a standfirst (another unpunctuated line) and then body text.
    pair = (
        nxt is not None
        and nxt.kind == "heading"
        and (after is None or after.kind == "body")
        and body_seen > 0
    )
    # Or a Title Case headline after body text (sub-headings are sentence case).
    titled = body_seen > 0 and _title_case_ratio(line.text) >= 0.75 and len(line.text) >= 15
    # Or a sentence-case headline about a name the article has not used so far, which the
    # next paragraph then introduces ('Quillo eyes a $1 billion deal' / 'Quillo Corp. is
    # close to ...'): back-to-back stories in one dump.
    # A file with front matter marks its articles itself.
    newcomer = (
        not has_meta
        and body_seen >= 2
        and nxt is not None
        and nxt.kind == "body"
        and _introduces_new_name(line.text, nxt.text, seen)
    )
    return pair or titled or newcomer


_NAME = re.compile(r"(?<![\w.])[A-Z][\w.&+-]*[A-Za-z]")


def _introduces_new_name(heading: str, following: str, seen: str) -> bool:
    if len(heading.split()) < 5 or following.startswith(heading[:40]):
        return False  # too short for a headline, or a sub-heading the paragraph restates
    lowered = seen.lower()
    for m in _NAME.finditer(heading):
        name = m.group()
        if len(name) < 3 or name in STOPWORDS or name.lower() in lowered:
            continue
        if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", following[:120]):
            return True
    return False


def _opens_story(text: str) -> bool:
    """A paragraph that starts with a wire dateline naming its date or agency."""
    m = _DATELINE.match(text)
    return bool(m and (m.group("date") or m.group("date2") or m.group("agency")))


_SECTION_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in layout().section_words) + r")\b", re.IGNORECASE
)


def _is_section_heading(text: str) -> bool:
    return bool(_SECTION_WORDS.search(text))


def _segment(
    lines: list[_Line], shown: str, meta: dict[str, str], meta_line: int, source: str
) -> list[Article]:
    if not lines:
        if meta:
            raise BuildError(
                "front matter is followed by no article text", path=shown, line=meta_line
            )
        return []
    # Captions sit anywhere between paragraphs: they neither open nor close an article.
    structural = [i for i, line in enumerate(lines) if line.kind != "caption"] or [0]
    starts = [structural[i] for i in _article_starts([lines[i] for i in structural], bool(meta))]
    starts[0] = 0
    articles: list[Article] = []
    for n, begin in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        part = lines[begin:end]
        use_meta = meta if n == 0 else {}
        articles.append(_build_article(part, source, use_meta))
    return articles


def _build_article(lines: list[_Line], shown: str, meta: dict[str, str]) -> Article:
    first = lines[0]
    title = meta.get("title") or first.text
    body = lines
    if first.kind in _BODY_KINDS and not meta.get("title"):
        # A story with no headline ('(Dec 10): Quillo's shares fell ... . Its IPO ...'):
        # its first sentence names it, and its first paragraph stays body text.
        opening, _ = strip_dateline(first.text, bare=True)
        title = (split_sentences(opening) or [opening])[0]
    elif not meta.get("title") or first.text == title:
        body = lines[1:]  # the headline line is the title, not a sentence of the body
    article = Article(
        path=shown,
        line=first.number,
        title=title,
        url=meta.get("url") or None,
        published=meta.get("published") or None,
        source=meta.get("source") or None,
        company=meta.get("company") or None,
    )
    # The headline states figures too ("... 500 million users"): keep it as a heading sentence.
    if body is not lines or first.kind not in _BODY_KINDS:
        article.sentences.append(Sentence(title, first.number, 0, heading=True))
    body_lines = 0
    for paragraph, line in enumerate(body, start=1):
        # A long line without a full stop is a paragraph that lost it, not a heading.
        heading = line.kind not in _BODY_KINDS and len(line.text) <= _MAX_SUBHEADING
        if heading and paragraph > 1 and line.kind != "caption":
            article.subheadings.append((paragraph, line.text))
            if _is_section_heading(line.text):
                # 'Third-Quarter Financial Highlights' names a section, not a company and
                # not a figure: as a sentence it only lent its words to a false company.
                continue
        text = line.text
        if not heading:
            body_lines += 1
            text, when = strip_dateline(text, bare=body_lines <= 3)
            if when and not article.published:
                article.published = when
        for sentence in split_sentences(text):
            article.sentences.append(Sentence(sentence, line.number, paragraph, heading=heading))
    return article


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DL_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DL_DATE = (
    rf"(?:{_DL_MONTH}\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?"
    rf"|\d{{1,2}}\s+{_DL_MONTH}(?:,?\s+(?:19|20)\d\d)?)"
)
_AGENCIES = "|".join(
    r"\s*".join(re.escape(p) for p in a.split()) for a in sorted(layout().agencies, key=len)[::-1]
)
_DATELINE = re.compile(
    rf"^(?:\((?:{_AGENCIES})[^)]{{0,40}}\)\s*)?"  # '(MENAFN- PR Newswire) '
    r"(?:"
    r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*"
    rf"(?:,\s+(?!{_DL_MONTH}\s)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)?)"
    rf"(?:,\s+(?P<date>{_DL_DATE}))?"
    rf"(?:\s*(?P<agency>/\s*(?:{_AGENCIES})\s*/|\(\s*(?:{_AGENCIES})\s*\)"
    rf"|--\(\s*(?:{_AGENCIES})\s*\)--))?"
    r"\s*(?P<sep>--|—|–|-|:)?(?<=[-—–:/)])"  # it ends with a wire's name or a dash
    rf"|\((?P<date2>{_DL_DATE})\)\s*(?P<sep2>:)?"  # '(Dec 10): '
    r")\s*(?=[\"“‘'(]?[A-Z0-9])"
)


def strip_dateline(text: str, bare: bool = False) -> tuple[str, str | None]:
    """A paragraph without its dateline ('SINGAPORE (Reuters) —', 'BEIJING, Aug. 22, 2024
    /PRNewswire/ --', '(Dec 10):'), which names no subject of the sentence, and the date it
    gives as YYYY-MM-DD when it has a year. A bare place ('AMSTERDAM:') counts only when
    ``bare`` (the first paragraphs of an article), where list labels ('EBITDA:') are rare."""
    m = _DATELINE.match(text)
    if m is None or m.end() >= len(text):
        return text, None
    place, date, agency = m.group("place"), m.group("date"), m.group("agency")
    if m.group("date2"):
        pass
    elif place is None or not (m.group("sep") or agency):
        return text, None
    elif not (date or agency):
        letters = re.sub(r"[^A-Za-z]", "", place.split(",")[0])
        if not bare or len(letters) < 4 or m.group("sep") == "-" or not text[m.end()].isalpha():
            return text, None  # 'EBITDA: 5%' is a label
    return text[m.end() :], _iso(date or m.group("date2"))


def _iso(text: str | None) -> str | None:
    """'Nov. 19, 2024' or '19 November 2024' as '2024-11-19'; None without a year."""
    if not text:
        return None
    year = re.search(r"(?:19|20)\d\d", text)
    day = re.search(r"\b\d{1,2}\b", text)
    month = re.search(r"[A-Za-z]{3}", text)
    if not (year and day and month) or month.group().lower() not in _MONTHS:
        return None
    try:
        when = date(int(year.group()), _MONTHS.index(month.group().lower()) + 1, int(day.group()))
    except ValueError:
        return None
    return when.isoformat()


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k no gov gen rs
    jan feb mar apr jun jul aug sep sept oct nov dec est approx fig dept univ""".split()
)
# Company suffixes end sentences too: split after them when a new sentence plainly starts.
_SUFFIX_ABBREVIATIONS = frozenset("inc ltd co corp plc llc bhd".split())
_BOUNDARY = re.compile(
    r"(?<=[.!?…])['\"”’)\]]*\s+(?=['\"“‘(]?[A-Z0-9\u4e00-\u9fff])"
    # 'revenue rose.The company': a full stop that lost its space, after a lower-case word
    # (so 'U.S.A', 'e.g.' and 'JD.com' stay whole)
    r"|(?<=[a-z][a-z][.!?])(?=[A-Z][a-z]+[\s,])"
)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and initials intact."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        closing = len(match.group()) - len(match.group().lstrip("'\"”’)]"))
        last = re.search(r"(\S+)[.!?…]$", text[start : match.start()])
        word = last.group(1).lower().lstrip("(\"“'") if last else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if not match.group() and last and not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", last.group(1)):
            continue  # 'Mail.Ru Group', 'Booking.Com': a name with a dot, not two sentences
        if word in _SUFFIX_ABBREVIATIONS:
            following = text[match.end() :].split(" ", 1)[0].strip("'\"“‘(").lower()
            if following not in STOPWORDS:
                continue
        piece = text[start : match.start() + closing].strip()
        if piece:
            out.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
