"""Block Kit rendering: the only place that turns facts into Slack messages and views.

Every piece of article or user text goes through `escape`/`escaped` before it reaches mrkdwn, so
`<!channel>`, `<@U123>` or `<https://x|y>` inside a question or an article is shown, never acted on.
Slack's size limits are enforced here so the Web API never rejects a message for being too large.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.feedback import MAX_VOTE_LABEL, feedback_buttons
from facts import (
    Answer,
    AnswersReply,
    AskResult,
    CardReply,
    CompanyCard,
    CompanyCount,
    CompanyListReply,
    ComparisonReply,
    DeclineReply,
    HelpReply,
    Reply,
    Source,
    StoreDiff,
    StoreInfo,
)
from facts.quotes import by_sentence, figure_spans, mark_figures

COMMAND = "/company"
SHARE_ACTION = "share_answer"
SUGGESTION_ACTION = "run_suggestion"  # buttons are `run_suggestion_0` .. `_2`: ids must be unique
QUOTES_ACTION = "show_quotes"  # a company card's button: the sentences behind its figures

# Slack's documented limits (https://api.slack.com/reference/block-kit).
MAX_MESSAGE_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_SUGGESTIONS = 3
# The notification text is shown in previews; long enough to carry the answer, short to read.
MAX_FALLBACK_TEXT = 1000
MAX_QUOTE = 2000
MAX_CONTEXT_TEXT = 300
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
CARD_FIELDS = 6  # a card is a glance: more figures are a question away
# Slack's bold needs its `*` at a word's edge: a figure inside a word ('US$5bn') is bolded
# with the rest of that word. These may stand just before an opening `*`.
_BOLD_OPENERS = "([\"“‘'"

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class Message:
    """A chat message: blocks for the client and a plain `text` fallback for notifications."""

    text: str
    blocks: list[Block]
    answers: int = 0  # figures shown, for the request log

    def payload(self) -> dict[str, Any]:
        """Keyword arguments for `chat.postMessage`, `say()` or `respond()`."""
        return {
            "text": self.text,
            "blocks": [block.to_dict() for block in self.blocks],
            # Answers already carry their source; a link preview would only bury the figure.
            "unfurl_links": False,
            "unfurl_media": False,
        }


def escape(text: str) -> str:
    """Escape the three characters mrkdwn treats as markup, so the text is shown as typed."""
    return "".join(_ENTITIES.get(char, char) for char in text)


def clip(text: str, limit: int) -> str:
    """Shorten escaped text to `limit` characters without cutting an `&amp;`-style entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def escaped(text: str, limit: int) -> str:
    """Escape then clip: the length limit applies to what Slack receives."""
    return clip(escape(text), limit)


def is_http_url(url: str) -> bool:
    """True for absolute http(s) URLs; anything else (javascript:, slack://, relative) is not."""
    if any(char.isspace() or ord(char) < 32 for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def link(url: str, label: str) -> str | None:
    """A mrkdwn link, or None when the URL is not http(s)."""
    if not is_http_url(url):
        return None
    # `|` and `>` would end the URL part of `<url|label>` early; percent-encode them.
    safe_url = escape(url.replace("|", "%7C")).replace("&gt;", "%3E").replace("&lt;", "%3C")
    return f"<{safe_url}|{escaped(label, 200)}>"


def source_url(source: Source, permalink_template: str | None) -> str | None:
    """The article's own http(s) URL, else the permalink template filled with path and line."""
    if source.url and is_http_url(source.url):
        return source.url
    if permalink_template:
        url = permalink_template.replace(
            "{path}", quote(source.path.lstrip("/"), safe="/")
        ).replace("{line}", str(source.line))
        return url if is_http_url(url) else None
    return None


def render_source(source: Source, permalink_template: str | None) -> str:
    """mrkdwn for a source: a link to the article's URL, else to the permalink template, else
    the article's title alone (a file path means nothing to a reader)."""
    url = source_url(source, permalink_template)
    if url is not None:
        linked = link(url, source.title)
        if linked is not None:
            return linked
    return escaped(source.title, 200)


def _quote_lines(quote_text: str) -> str:
    # mrkdwn quotes one line per `>`; our `>` is markup, the escaped text after it is not.
    return "\n".join(f">{line}" for line in escaped(quote_text, MAX_QUOTE).splitlines() or [""])


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=clip(text, MAX_SECTION_TEXT))


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(text))


def _context(*parts: str) -> ContextBlock:
    elements = [MarkdownTextObject(text=clip(part, MAX_CONTEXT_TEXT)) for part in parts if part]
    return ContextBlock(elements=elements[:MAX_CONTEXT_ELEMENTS])


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=escaped(text, MAX_HEADER_TEXT), emoji=False))


def _button(text: str, action_id: str, value: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=escaped(text, MAX_BUTTON_TEXT), emoji=False),
        action_id=action_id,
        value=value,
        style="primary" if primary else None,
    )


def _headline(answer: Answer) -> str:
    about = " · ".join(escaped(x, 200) for x in (answer.metric, answer.period) if x)
    return f"*{escaped(answer.figure, 200)}*" + (f"  {about}" if about else "")


def _bold_span(quote: str, start: int, end: int) -> tuple[int, int] | None:
    """The span to bold for a figure: widened to the whole word it sits in; None when Slack
    could not bold it (a `*` or a line break inside)."""
    while start > 0 and not quote[start - 1].isspace() and quote[start - 1] not in _BOLD_OPENERS:
        start -= 1
    while end < len(quote) and quote[end].isalnum():
        end += 1
    inside = quote[start:end]
    if "*" in inside or "\n" in inside or inside != inside.strip():
        return None
    return start, end


def marked_quote(quote: str, figures: Sequence[str]) -> str:
    """The quote as mrkdwn block quote lines, escaped, each figure in bold."""
    spans: list[tuple[int, int]] = []
    for start, end in figure_spans(quote, figures):
        span = _bold_span(quote, start, end)
        if span is not None and not any(span[0] < b and a < span[1] for a, b in spans):
            spans.append(span)
    text = mark_figures(quote, sorted(spans), escape, lambda s: f"*{escape(s)}*")
    if len(text) > MAX_QUOTE:
        text = escaped(quote, MAX_QUOTE)  # too long to mark safely: clipped, plain
    # mrkdwn quotes one line per `>`; our `>` is markup, the escaped text after it is not.
    return "\n".join(f">{line}" for line in text.splitlines() or [""])


def _sentence_blocks(group: Sequence[Answer], permalink_template: str | None) -> list[Block]:
    """One sentence: each figure it answers with, the sentence once with them in bold, and
    whose figures they are and where the sentence comes from."""
    first = group[0]
    headlines = "\n".join(_headline(a) for a in group)
    quote = marked_quote(first.quote, [a.figure for a in group])
    companies = ", ".join(escaped(c, 200) for c in dict.fromkeys(a.company for a in group))
    return [
        _section(f"{headlines}\n{quote}"),
        _context(f"*{companies}* · {render_source(first.source, permalink_template)}"),
    ]


def vote_labels(answers: Sequence[Answer]) -> dict[int, str]:
    """What each row of 👍 / 👎 names as the answer it rates, by `id` of the answer: its
    figure, and when another answer of the message has the same figure (the same amount
    said of two companies), the first of its company, metric and period that tells them
    apart."""
    labels: dict[int, str] = {}
    for answer in answers:
        twins = [a for a in answers if a is not answer and a.figure == answer.figure]
        extra = next(
            (
                mine
                for mine, theirs in (
                    (answer.company, [a.company for a in twins]),
                    (answer.metric, [a.metric for a in twins]),
                    (answer.period, [a.period for a in twins]),
                )
                if twins and mine and mine not in theirs
            ),
            None,
        )
        shown = f"{answer.figure} · {extra}" if extra else answer.figure
        labels[id(answer)] = escaped(shown, MAX_VOTE_LABEL)
    return labels


def _fallback(answer: Answer) -> str:
    return escaped(f"{answer.company}: {answer.figure} — “{answer.quote}”", MAX_FALLBACK_TEXT)


def _share_actions(query: str) -> list[Block]:
    # The button carries the query, not the answer: ephemeral messages are not sent back with
    # the click, and a query always fits the value limit better than three quotes would.
    if not query or len(query) > MAX_BUTTON_VALUE:
        return []
    return [ActionsBlock(elements=[_button("Share in channel", SHARE_ACTION, query, primary=True)])]


def _shared_by(user_id: str | None) -> list[Block]:
    if user_id is None or not _USER_ID.match(user_id):
        return []
    return [_context(f"Shared by <@{user_id}> with `{COMMAND}`")]


def _fit(blocks: list[Block], limit: int = MAX_MESSAGE_BLOCKS) -> list[Block]:
    # Keep the trailing actions block (the buttons) when trimming the middle of a long message.
    if len(blocks) <= limit:
        return blocks
    tail = [blocks[-1]] if isinstance(blocks[-1], ActionsBlock) else []
    return blocks[: limit - len(tail)] + tail


def render_answers(
    result: AskResult,
    *,
    permalink_template: str | None = None,
    share_query: str | None = None,
    shared_by: str | None = None,
) -> Message:
    """The answers to a question, best first; `share_query` adds the Share in channel button."""
    if not result.answers:
        return render_decline(result)
    blocks: list[Block] = [_section(f"*{escaped(result.question, 500)}*")]
    voted = 0
    labels = vote_labels(result.answers)
    for index, group in enumerate(by_sentence(result.answers)):
        if index:
            blocks.append(DividerBlock())
        blocks.extend(_sentence_blocks(group, permalink_template))
        # A vote is about one figure: a row of buttons for each answer the sentence gives,
        # each button naming the figure, so that the rows under one quote are told apart.
        for answer in group:
            blocks.extend(feedback_buttons(result.question, answer, voted, labels[id(answer)]))
            voted += 1
    blocks.extend(_shared_by(shared_by))
    if share_query is not None:
        blocks.extend(_share_actions(share_query))
    extra = len(result.answers) - 1
    more = f" (+{extra} more)" if extra else ""
    text = clip(_fallback(result.answers[0]), MAX_FALLBACK_TEXT - len(more)) + more
    return Message(text=text, blocks=_fit(blocks), answers=len(result.answers))


def render_decline(result: AskResult) -> Message:
    """Say plainly that the articles do not answer, and offer up to three suggestions as buttons."""
    question = escaped(result.question, 500)
    lines = [f"I found no figure in the articles that answers *{question}*."]
    if result.companies:
        names = ", ".join(escaped(name, 100) for name in result.companies[:10])
        lines.append(f"Companies I recognised: {names}.")
    blocks: list[Block] = [_section("\n".join(lines))]
    suggestions = _suggestion_buttons(result.suggestions)
    if suggestions:
        blocks.append(_section("Maybe one of these:"))
        blocks.append(suggestions)
    return Message(
        text=clip(f"I found no figure that answers “{question}”.", MAX_FALLBACK_TEXT), blocks=blocks
    )


def _suggestion_buttons(suggestions: Sequence[str]) -> ActionsBlock | None:
    usable = [s for s in suggestions if s.strip() and len(s) <= MAX_BUTTON_VALUE]
    buttons = [
        _button(text, f"{SUGGESTION_ACTION}_{index}", text)
        for index, text in enumerate(usable[:MAX_SUGGESTIONS])
    ]
    return ActionsBlock(elements=buttons) if buttons else None


def render_card(
    card: CompanyCard,
    *,
    permalink_template: str | None = None,
    share_query: str | None = None,
    shared_by: str | None = None,
) -> Message:
    """A company's key figures at a glance: figure · metric · period and the source, as
    compact fields; the sentences are behind the Show quotes button."""
    blocks: list[Block] = [_header(card.name)]
    facts = card.facts[:CARD_FIELDS]
    aliases = ", ".join(escaped(a, 100) for a in card.aliases[:10])
    intro = f"Also known as {aliases}." if aliases else "Key figures from the articles."
    if not facts:
        blocks.append(
            _section(f"The articles name {escaped(card.name, 200)} but state no figures.")
        )
    else:
        fields = [
            MarkdownTextObject(text=clip(_card_field(a, permalink_template), MAX_FIELD_TEXT))
            for a in facts
        ]
        blocks.append(SectionBlock(text=_mrkdwn(intro), fields=fields[:MAX_FIELDS]))
    blocks.extend(_shared_by(shared_by))
    actions: list[ButtonElement] = []
    if facts and len(card.name) <= MAX_BUTTON_VALUE:
        actions.append(_button("Show quotes", QUOTES_ACTION, card.name))
    if share_query is not None and facts and len(share_query) <= MAX_BUTTON_VALUE and share_query:
        actions.append(_button("Share in channel", SHARE_ACTION, share_query, primary=True))
    if actions:
        blocks.append(ActionsBlock(elements=actions))
    count = len(facts)
    text = escaped(f"{card.name}: {count} key figure{_plural(count)}", 200)
    if facts:
        text += " — " + _fallback(facts[0])
    return Message(text=clip(text, MAX_FALLBACK_TEXT), blocks=_fit(blocks), answers=count)


def _card_field(answer: Answer, permalink_template: str | None) -> str:
    label = " · ".join(escaped(x, 200) for x in (answer.metric, answer.period) if x)
    figure = f"*{escaped(answer.figure, 200)}*" + (f" · {label}" if label else "")
    return f"{figure}\n{render_source(answer.source, permalink_template)}"


def render_card_quotes(card: CompanyCard, *, permalink_template: str | None = None) -> Message:
    """The sentences behind a company card's figures, one quote per sentence."""
    facts = card.facts[:CARD_FIELDS]
    blocks: list[Block] = [_section(f"*{escaped(card.name, 200)}: where the figures come from*")]
    for index, group in enumerate(by_sentence(facts)):
        if index:
            blocks.append(DividerBlock())
        blocks.extend(_sentence_blocks(group, permalink_template))
    text = escaped(f"{card.name}: the sentences behind {len(facts)} figures", 200)
    return Message(text=text, blocks=_fit(blocks), answers=len(facts))


def render_comparison(
    reply: ComparisonReply,
    *,
    permalink_template: str | None = None,
    share_query: str | None = None,
    shared_by: str | None = None,
) -> Message:
    """One metric, company by company, in one compact message: each figure with its quote and
    source, or a plain 'no figure' for a company the articles do not answer for."""
    blocks: list[Block] = [_section(f"*{escaped(reply.question, 500)}*")]
    suggestions: list[str] = []
    summary: list[str] = []
    for row in reply.rows:
        name = f"*{escaped(row.company, 200)}*"
        if row.answer is None:
            blocks.append(_section(f"{name}  no figure in the articles"))
            suggestions.extend(row.suggestions[:1])
            summary.append(f"{row.company}: no figure")
            continue
        answer = row.answer
        quote = marked_quote(answer.quote, [answer.figure])
        blocks.append(_section(f"{name}  {_headline(answer)}\n{quote}"))
        blocks.append(_context(render_source(answer.source, permalink_template)))
        summary.append(f"{row.company}: {answer.figure}")
    blocks.extend(_shared_by(shared_by))
    buttons = _suggestion_buttons(suggestions)
    if buttons is not None and shared_by is None:
        blocks.append(buttons)
    if share_query is not None and any(row.answer for row in reply.rows):
        blocks.extend(_share_actions(share_query))
    answers = sum(row.answer is not None for row in reply.rows)
    text = escaped(" · ".join(summary), MAX_FALLBACK_TEXT)
    return Message(text=text, blocks=_fit(blocks), answers=answers)


def render_reply(
    reply: Reply,
    *,
    permalink_template: str | None = None,
    share_query: str | None = None,
    shared_by: str | None = None,
) -> Message:
    """Whatever `facts` answered, as a message: the bot renders, it never routes."""
    if isinstance(reply, HelpReply):
        return render_help(reply.examples)
    if isinstance(reply, CompanyListReply):
        return render_companies(reply.companies)
    if isinstance(reply, CardReply):
        return render_card(
            reply.card,
            permalink_template=permalink_template,
            share_query=share_query,
            shared_by=shared_by,
        )
    if isinstance(reply, ComparisonReply):
        return render_comparison(
            reply,
            permalink_template=permalink_template,
            share_query=share_query,
            shared_by=shared_by,
        )
    if isinstance(reply, DeclineReply):
        return render_decline(reply.result)
    answers: AnswersReply = reply
    return render_answers(
        answers.result,
        permalink_template=permalink_template,
        share_query=share_query,
        shared_by=shared_by,
    )


def _usage_lines() -> list[str]:
    return [
        f"`{COMMAND} {escape('<question>')}` — the figure, the sentence stating it, its source",
        f"`{COMMAND} {escape('<company>')}` — a company's key figures",
        f"`{COMMAND} {escape('<company> vs <company> <metric>')}` — one figure per company,"
        " side by side",
        f"`{COMMAND} list` — the companies I know",
        "Mention me in a channel to get the answer in a thread, or send me a direct message."
        " There, follow up with _and Baidu?_, _what about 2018?_ or _and their revenue?_",
    ]


def render_help(examples: Sequence[str]) -> Message:
    """Usage, with example questions from the store as buttons that ask them."""
    blocks: list[Block] = [
        _section(
            "*I answer questions about companies from news articles.*\n" + "\n".join(_usage_lines())
        )
    ]
    buttons = _suggestion_buttons(examples)
    if buttons is not None:
        blocks.append(_section("Try one:"))
        blocks.append(buttons)
    return Message(
        text=escape(f"Ask me with {COMMAND} <question>, {COMMAND} <company> or {COMMAND} list."),
        blocks=blocks,
    )


def render_companies(companies: Sequence[CompanyCount]) -> Message:
    """The companies known, with how many facts each has, split to fit Slack's limits."""
    if not companies:
        return Message(
            text="I know no companies yet.", blocks=[_section("I know no companies yet.")]
        )
    # One line per company; names are single-line so counting lines counts companies.
    lines = [
        f"• *{escaped(' '.join(c.name.split()), 100)}* — {c.facts} fact{_plural(c.facts)}"
        for c in companies
    ]
    sections: list[str] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > MAX_SECTION_TEXT:
            sections.append("\n".join(chunk))
            chunk = []
        chunk.append(line)
    sections.append("\n".join(chunk))
    shown_sections = sections[: MAX_MESSAGE_BLOCKS - 2]  # room for the heading and the remainder
    shown = sum(section.count("\n") + 1 for section in shown_sections)
    blocks: list[Block] = [_section(f"*I know {len(companies)} companies:*")]
    blocks.extend(_section(section) for section in shown_sections)
    if shown < len(lines):
        blocks.append(_section(f"…and {len(lines) - shown} more."))
    text = escaped(
        f"I know {len(companies)} companies: " + ", ".join(c.name for c in companies), 500
    )
    return Message(text=clip(text, MAX_FALLBACK_TEXT), blocks=blocks)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _slack_date(when: datetime) -> str:
    # Slack shows the date in the reader's timezone; the fallback is the stored UTC time.
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def render_home(info: StoreInfo, examples: Sequence[str], *, answer: Message | None = None) -> View:
    """The App Home tab: what the bot knows, how to ask it, example questions as buttons and,
    after one was clicked, its answer."""
    blocks: list[Block] = [
        _header("factbot"),
        _section(
            f"I know *{info.facts}* figures about *{info.companies}* companies "
            f"from *{info.articles}* articles."
        ),
        _context(
            f"Facts built {_slack_date(info.built_at)}"
            f" · fingerprint `{escaped(info.fingerprint[:12], 12)}`"
        ),
        DividerBlock(),
        _section("*How to ask*\n" + "\n".join(_usage_lines())),
    ]
    buttons = _suggestion_buttons(examples)
    if buttons is not None:
        blocks.append(_section("*Examples* (click one to ask it)"))
        blocks.append(buttons)
    if answer is not None:
        blocks.append(DividerBlock())
        blocks.extend(answer.blocks)
    return View(type="home", blocks=blocks[:MAX_HOME_BLOCKS])


def render_home_unavailable() -> View:
    """The App Home tab while no store is loaded."""
    return View(type="home", blocks=[_header("factbot"), *render_unavailable().blocks])


def render_apology() -> Message:
    """What a user sees when a handler failed; the details go to the log, not to Slack."""
    text = "Sorry, something went wrong while answering. Please try again in a moment."
    return Message(text=text, blocks=[_section(f":warning: {text}")])


def render_busy() -> Message:
    """The ack a command gets when every answer thread is busy and the queue is full."""
    text = "Busy answering other questions right now. Please try again in a moment."
    return Message(text=text, blocks=[_section(f":hourglass: {text}")])


def render_unavailable() -> Message:
    """What a user sees while no store is loaded (at start, before the facts are built)."""
    text = "The facts are not loaded yet. Please try again in a minute."
    return Message(text=text, blocks=[_section(f":hourglass: {text}")])


# -- /company refresh --------------------------------------------------------------------------

MAX_LISTED_ARTICLES = 10


def render_refresh_started() -> Message:
    """The admin's private note that a refresh began."""
    text = (
        "Rebuilding the facts from the articles. Questions are still answered from the current"
        " facts meanwhile; I will tell you here when it is done."
    )
    return Message(text=text, blocks=[_section(f":arrows_counterclockwise: {text}")])


def render_refresh_busy() -> Message:
    """A refresh was asked for while another one runs."""
    text = "A refresh is already running. Please wait for its report, then try again if needed."
    return Message(text=text, blocks=[_section(f":hourglass: {text}")])


def render_refresh_refused() -> Message:
    """What a user who is not an admin sees for `/company refresh`."""
    text = (
        "Sorry, only factbot's admins can refresh the facts. If an article is missing or"
        " wrong, please tell one of them."
    )
    return Message(text=text, blocks=[_section(text)])


def _counts(info: StoreInfo) -> str:
    return (
        f"*{info.articles}* article{_plural(info.articles)},"
        f" *{info.facts}* fact{_plural(info.facts)},"
        f" *{info.companies}* compan{'y' if info.companies == 1 else 'ies'}"
    )


def _listed(label: str, titles: Sequence[str]) -> str:
    shown = [f"• {escaped(t, 200)}" for t in titles[:MAX_LISTED_ARTICLES]]
    if len(titles) > MAX_LISTED_ARTICLES:
        shown.append(f"…and {len(titles) - MAX_LISTED_ARTICLES} more")
    return f"*{label}:*\n" + "\n".join(shown)


def render_refresh_done(info: StoreInfo, diff: StoreDiff | None, seconds: float) -> Message:
    """The admin's report: what the new store holds and what changed since the previous one."""
    lines = [f":white_check_mark: *Facts refreshed* in {seconds:.1f}s: {_counts(info)}."]
    if diff is None:
        lines.append("There was no previous store to compare with.")
    else:
        lines.append(
            f"Since the previous store: {len(diff.articles_added)} article"
            f"{_plural(len(diff.articles_added))} added, {len(diff.articles_removed)} removed;"
            f" {diff.facts_added} fact{_plural(diff.facts_added)} added,"
            f" {diff.facts_removed} removed."
        )
    blocks: list[Block] = [_section("\n".join(lines))]
    if diff is not None and diff.articles_added:
        blocks.append(_section(_listed("Articles added", diff.articles_added)))
    if diff is not None and diff.articles_removed:
        blocks.append(_section(_listed("Articles removed", diff.articles_removed)))
    blocks.append(_context(f"Fingerprint `{escaped(info.fingerprint[:12], 12)}`"))
    text = (
        f"Facts refreshed: {info.articles} articles, {info.facts} facts,"
        f" {info.companies} companies."
    )
    return Message(text=text, blocks=blocks)


def render_refresh_failed(error: str) -> Message:
    """The refresh failed: the error (naming file and line) and reassurance that nothing changed."""
    text = "The refresh failed; the current facts are still being served."
    return Message(
        text=clip(f"{text} {escape(error)}", MAX_FALLBACK_TEXT),
        blocks=[
            _section(f":x: *{text}*\nFix this and run `{COMMAND} refresh` again:"),
            _section(f"```{escaped(error, MAX_SECTION_TEXT - 10)}```"),
        ],
    )


def render_refresh_announcement(info: StoreInfo, diff: StoreDiff | None, user_id: str) -> Message:
    """The note in FACTS_REFRESH_CHANNEL that the facts changed."""
    by = f" by <@{user_id}>" if _USER_ID.match(user_id) else ""
    changes = ""
    if diff is not None:
        changes = f" ({diff.facts_added} facts added, {diff.facts_removed} removed)"
    line = f"The facts were refreshed{by}: {_counts(info)}{changes}."
    text = f"The facts were refreshed: {info.articles} articles, {info.facts} facts{changes}."
    return Message(text=text, blocks=[_section(f":books: {line}")])
