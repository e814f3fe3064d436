"""Block Kit rendering: escaping, links, Slack's size limits and the plain text fallback."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.render import (
    MAX_MESSAGE_BLOCKS,
    QUOTES_ACTION,
    SHARE_ACTION,
    SUGGESTION_ACTION,
    Message,
    clip,
    escape,
    escaped,
    link,
    marked_quote,
    render_answers,
    render_card,
    render_card_quotes,
    render_companies,
    render_comparison,
    render_decline,
    render_help,
    render_home,
    render_source,
)
from facts import (
    Answer,
    AskResult,
    CompanyCard,
    CompanyCount,
    CompanyFigure,
    ComparisonReply,
    Source,
    StoreInfo,
)

TEMPLATE = "https://github.com/acme/factbot/blob/main/{path}#L{line}"


def source(**overrides: Any) -> Source:
    values: dict[str, Any] = {"title": "Meituan hits a high", "path": "seeds/a.txt", "line": 7}
    values.update(overrides)
    return Source(**values)


def answer(**overrides: Any) -> Answer:
    values: dict[str, Any] = {
        "company": "Meituan",
        "figure": "$ 516.2 billion",
        "metric": "market capitalization",
        "period": "October 8th",
        "quote": "Meituan reached a market capitalization of $ 516.2 billion.",
        "source": source(),
        "score": 1.0,
    }
    values.update(overrides)
    return Answer(**values)


def dumped(message: Message) -> str:
    return json.dumps(message.payload(), ensure_ascii=False)


def limits_respected(payload: dict[str, Any], max_blocks: int = MAX_MESSAGE_BLOCKS) -> None:
    blocks = payload["blocks"]
    assert len(blocks) <= max_blocks
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(field["text"]) <= 2000 for field in block.get("fields", []))
        elif block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
        elif block["type"] == "actions":
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= 75
                assert len(button.get("accessibility_label", "")) <= 75
                assert len(button["value"]) <= 2000
            ids = [button["action_id"] for button in block["elements"]]
            assert len(ids) <= 25
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(ids) == len(set(ids)), "Slack refuses a message with two equal action_ids"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("AT&T", "AT&amp;T"),
        ("<!channel>", "&lt;!channel&gt;"),
        ("<!here> <@U123>", "&lt;!here&gt; &lt;@U123&gt;"),
        ("<https://x.example|y>", "&lt;https://x.example|y&gt;"),
        ("&lt;", "&amp;lt;"),
    ],
)
def test_escape(raw: str, expected: str) -> None:
    assert escape(raw) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("abcdefghij", 10, "abcdefghij"),
        ("abcdefghijk", 10, "abcdefghi…"),
        ("abcdef&amp;", 10, "abcdef…"),  # never cut an entity in half
        ("abc &lt;def", 8, "abc…"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit


def test_escaped_limits_what_slack_receives() -> None:
    out = escaped("<" * 1000, 100)
    assert len(out) <= 100
    assert "<" not in out


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", "<https://example.com/a|T>"),
        ("http://example.com/a?b=1&c=2", "<http://example.com/a?b=1&amp;c=2|T>"),
        ("https://example.com/a|b>c", "<https://example.com/a%7Cb%3Ec|T>"),
        ("javascript:alert(1)", None),
        ("slack://open", None),
        ("/relative/path", None),
        ("https://", None),
        ("https://exa mple.com", None),
    ],
)
def test_link_only_for_http_urls(url: str, expected: str | None) -> None:
    assert link(url, "T") == expected


@pytest.mark.parametrize(
    ("src", "template", "expected"),
    [
        (
            source(url="https://news.example/x"),
            TEMPLATE,
            "<https://news.example/x|Meituan hits a high>",
        ),
        (
            source(),
            TEMPLATE,
            "<https://github.com/acme/factbot/blob/main/seeds/a.txt#L7|Meituan hits a high>",
        ),
        (
            source(path="seeds/a b.txt"),
            TEMPLATE,
            "<https://github.com/acme/factbot/blob/main/seeds/a%20b.txt#L7|Meituan hits a high>",
        ),
        # Without a link the title alone: a repository path means nothing to a reader.
        (source(), None, "Meituan hits a high"),
        (source(url="javascript:alert(1)"), None, "Meituan hits a high"),
        (source(title="<!channel> news"), None, "&lt;!channel&gt; news"),
        (
            source(title="a|b>c", url="https://n.example/"),
            None,
            "<https://n.example/|a|b&gt;c>",
        ),
    ],
    ids=[
        "article-url",
        "permalink",
        "permalink-quoted",
        "text",
        "bad-url",
        "title-escaped",
        "label",
    ],
)
def test_source_link_rules(src: Source, template: str | None, expected: str) -> None:
    assert render_source(src, template) == expected


def test_answers_show_figure_quote_company_period_and_source() -> None:
    result = AskResult(question="What is Meituan's market cap?", answers=[answer()])
    message = render_answers(result, permalink_template=TEMPLATE, share_query=result.question)
    text = dumped(message)
    assert "*$ 516.2 billion*" in text
    assert ">Meituan reached a market capitalization of *$ 516.2 billion*." in text
    assert "October 8th" in text
    assert "blob/main/seeds/a.txt#L7" in text
    assert message.text.startswith("Meituan: $ 516.2 billion")
    buttons = message.payload()["blocks"][-1]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [(SHARE_ACTION, result.question)]


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U0VICTIM>",
        "<https://evil.example|bank>",
        "<#C123>",
    ],
)
def test_article_and_user_text_cannot_ping_or_forge_links(hostile: str) -> None:
    evil = answer(
        company=f"Acme {hostile}",
        figure=f"$ 1 {hostile}",
        metric=hostile,
        period=hostile,
        quote=f"Acme {hostile} raised $ 1 {hostile} million.",
        source=source(title=f"News {hostile}", path=f"seeds/{hostile}.txt"),
    )
    result = AskResult(question=f"why {hostile}?", answers=[evil], suggestions=[hostile])
    card = CompanyCard(name=f"Acme {hostile}", aliases=[hostile], facts=[evil])
    messages = [
        render_answers(result, share_query=result.question),
        render_answers(result, permalink_template=TEMPLATE),
        render_decline(AskResult(question=hostile, suggestions=[hostile], companies=[hostile])),
        render_card(card, share_query=hostile),
        render_companies([CompanyCount(name=hostile, facts=1)]),
        render_help([hostile]),
    ]
    for message in messages:
        shown = json.dumps([message.text, _shown(message.payload()["blocks"])], ensure_ascii=False)
        assert hostile not in shown
        assert "&lt;" in shown


def _shown(node: Any) -> Any:
    # Button values are data returned to the app, never displayed.
    if isinstance(node, dict):
        return {k: _shown(v) for k, v in node.items() if k != "value"}
    if isinstance(node, list):
        return [_shown(v) for v in node]
    return node


def test_huge_answers_stay_within_slack_limits() -> None:
    huge = answer(
        company="C" * 500,
        figure="9" * 400,
        metric="m" * 4000,
        period="p" * 4000,
        quote="&" * 5000,
        source=source(title="T" * 5000, path="p" * 5000),
    )
    result = AskResult(question="q" * 5000, answers=[huge] * 30, suggestions=["s" * 3000] * 10)
    for message in [
        render_answers(result, share_query="q" * 1999),
        render_answers(result, share_query="q" * 2001),
        render_card(CompanyCard(name="N" * 500, aliases=["a" * 500] * 50, facts=[huge] * 30)),
        render_decline(result),
        render_companies(
            [CompanyCount(name=f"Company {i} " + "x" * 80, facts=i) for i in range(3000)]
        ),
    ]:
        payload = message.payload()
        limits_respected(payload)
        assert 0 < len(payload["text"]) <= 1000


def test_share_button_is_dropped_when_the_query_cannot_fit_a_button_value() -> None:
    result = AskResult(question="q", answers=[answer()])
    assert SHARE_ACTION in dumped(render_answers(result, share_query="q" * 2000))
    assert SHARE_ACTION not in dumped(render_answers(result, share_query="q" * 2001))
    assert SHARE_ACTION not in dumped(render_answers(result))


def feedback_rows(message: Message) -> list[list[dict[str, Any]]]:
    return [
        block["elements"]
        for block in message.payload()["blocks"]
        if block["type"] == "actions" and block["elements"][0]["action_id"].startswith("feedback_")
    ]


def test_each_feedback_row_names_the_answer_it_rates() -> None:
    quote = "Meituan closed at $ 89 per share, an all-time high of $ 89.25 per share."
    first = answer(figure="$ 89", metric=None, quote=quote)
    second = answer(figure="$ 89.25", metric="all-time high", quote=quote)
    runner_up = answer(company="Baidu", figure="$ 89", source=source(line=9))
    result = AskResult(question="share price of $ 89", answers=[first, second, runner_up])
    message = render_answers(result, share_query=result.question)
    limits_respected(message.payload())
    rows = feedback_rows(message)
    # Two answers say '$ 89': their rows also say whose it is.
    names = ["$ 89 · Meituan", "$ 89.25", "$ 89 · Baidu"]
    assert [[b["text"]["text"] for b in row] for row in rows] == [
        [f"👍 {name}", f"👎 {name}"] for name in names
    ]
    assert [row[1]["accessibility_label"] for row in rows] == [
        f"Wrong answer: {name}" for name in names
    ]
    votes = [json.loads(row[0]["value"]) for row in rows]
    assert [(v["c"], v["f"]) for v in votes] == [
        ("Meituan", "$ 89"),
        ("Meituan", "$ 89.25"),
        ("Baidu", "$ 89"),
    ], "each row's vote is its own answer's"
    # Each row follows the quote of its own answer: the runner-up's row comes after a divider.
    kinds = [b["type"] for b in message.payload()["blocks"]]
    assert kinds[: kinds.index("divider") + 2] == [
        "section", "section", "context", "actions", "actions", "divider", "section"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("twin", "names"),
    [
        # same company: what each measures tells them apart
        ({"metric": "closing price"}, ["$ 89 · market capitalization", "$ 89 · closing price"]),
        # nor metric: when
        ({"period": "October 9th"}, ["$ 89 · October 8th", "$ 89 · October 9th"]),
        # nothing differs but the sentence: the figure alone, each row under its own quote
        ({}, ["$ 89", "$ 89"]),
    ],
    ids=["metric", "period", "only-the-sentence"],
)
def test_rows_of_one_figure_twice_say_what_tells_them_apart(
    twin: dict[str, Any], names: list[str]
) -> None:
    answers = [answer(figure="$ 89"), answer(figure="$ 89", source=source(line=9), **twin)]
    message = render_answers(AskResult(question="Meituan $ 89?", answers=answers))
    assert [row[0]["text"]["text"] for row in feedback_rows(message)] == [
        f"👍 {name}" for name in names
    ]


def test_a_long_figure_is_clipped_in_its_feedback_row_never_cut_in_an_entity() -> None:
    long = answer(figure="R&D " * 40, metric="spending")
    message = render_answers(AskResult(question="Meituan R&D?", answers=[long]))
    limits_respected(message.payload())
    [[up, down]] = feedback_rows(message)
    assert up["text"]["text"].startswith("👍 R&amp;D R&amp;D") and up["text"]["text"].endswith("…")
    assert not re.search(r"&[a-z]*…", up["text"]["text"] + down["accessibility_label"])


def test_shared_answer_is_attributed_and_has_only_the_feedback_buttons() -> None:
    result = AskResult(question="q", answers=[answer()])
    payload = render_answers(result, shared_by="U0ASKER01").payload()
    assert "Shared by <@U0ASKER01>" in json.dumps(payload)
    ids = [
        element["action_id"]
        for block in payload["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert ids == ["feedback_up_0", "feedback_down_0"]
    forged = render_answers(result, shared_by="U1> <!channel").payload()
    assert "Shared by" not in json.dumps(forged)


@pytest.mark.parametrize("count", [0, 1, 3, 7])
def test_decline_offers_at_most_three_suggestions(count: int) -> None:
    suggestions = [f"Question {i}?" for i in range(count)]
    message = render_decline(AskResult(question="Who is Zzyzx?", suggestions=suggestions))
    text = dumped(message)
    assert "Who is Zzyzx?" in text
    actions = [b for b in message.payload()["blocks"] if b["type"] == "actions"]
    ids = [e["action_id"] for block in actions for e in block["elements"]]
    assert ids == [f"{SUGGESTION_ACTION}_{i}" for i in range(min(count, 3))]


def test_answers_without_answers_decline() -> None:
    message = render_answers(
        AskResult(question="Who?", suggestions=["Meituan"]), share_query="Who?"
    )
    assert "I found no figure" in message.text
    assert SHARE_ACTION not in dumped(message)


def test_company_list_counts_every_company_even_when_truncated() -> None:
    # Long names: 2000 of them cannot fit in 50 sections of 3000 characters.
    companies = [
        CompanyCount(name=f"Company {i:04d} " + "x" * 80, facts=i % 3) for i in range(2000)
    ]
    payload = render_companies(companies).payload()
    limits_respected(payload)
    text = json.dumps(payload)
    assert "I know 2000 companies" in text
    shown = text.count("\\u2022")
    assert "more." in text
    assert f"and {2000 - shown} more." in text


def test_home_view_shows_counts_build_time_and_examples() -> None:
    info = StoreInfo(
        path="var/facts.sqlite",
        schema_version=1,
        fingerprint="0123456789abcdef",
        built_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        articles=2,
        facts=40,
        companies=12,
        sentences=300,
    )
    view = render_home(info, ["What is <!channel> worth?", "Quillo users"]).to_dict()
    text = json.dumps(_shown(view))
    assert view["type"] == "home"
    assert "*40* figures about *12* companies from *2* articles" in text
    assert "<!date^1714564800^" in text and "2024-05-01 12:00 UTC" in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text
    limits_respected(view, max_blocks=100)
    # The examples are buttons that ask them; the button carries the question as typed.
    examples = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e["value"]) for e in examples] == [
        (f"{SUGGESTION_ACTION}_0", "What is <!channel> worth?"),
        (f"{SUGGESTION_ACTION}_1", "Quillo users"),
    ]


@pytest.mark.parametrize(
    ("quote", "figures", "expected"),
    [
        ("Acme sold 40 robots.", ["40"], ">Acme sold *40* robots."),
        # Slack bolds whole words only: a figure inside a word takes the word with it.
        ("Acme raised US$5bn in May.", ["$5bn"], ">Acme raised *US$5bn* in May."),
        ("Acme grew 5x, to 10 stores.", ["5", "10"], ">Acme grew *5x*, to *10* stores."),
        ("It hit (40%) in 2021.", ["40%"], ">It hit (*40%*) in 2021."),
        # Escaped around and inside the bold, never markup.
        ("<!channel> paid $ 1 <b>", ["$ 1 <b>"], ">&lt;!channel&gt; paid *$ 1 &lt;b&gt;*"),
        ("A * B made 7 units", ["7"], ">A * B made *7* units"),
        ("No figure here", ["99"], ">No figure here"),
        ("two lines of 40\nand 50 more", ["40", "50"], ">two lines of *40*\n>and *50* more"),
    ],
)
def test_the_figure_is_bold_inside_its_quote(quote: str, figures: list[str], expected: str) -> None:
    assert marked_quote(quote, figures) == expected


def test_two_answers_from_one_sentence_share_one_quote() -> None:
    quote = "Meituan closed at $ 89 and reached a market capitalization of $ 516.2 billion."
    result = AskResult(
        question="Meituan?",
        answers=[
            answer(quote=quote),
            answer(figure="$ 89", metric="share price", quote=quote),
            answer(figure="40", quote="Meituan opened 40 stores.", source=source(line=9)),
        ],
    )
    text = json.dumps(render_answers(result).payload()["blocks"], ensure_ascii=False)
    assert text.count("Meituan closed at") == 1
    assert (
        "Meituan closed at *$ 89* and reached a market capitalization of *$ 516.2 billion*." in text
    )
    assert "*$ 516.2 billion*  market capitalization · October 8th" in text
    assert "*$ 89*  share price" in text
    assert text.count("Meituan opened *40* stores.") == 1


def test_a_card_is_at_most_six_compact_fields_with_a_quotes_button() -> None:
    facts = [
        answer(figure=f"{n} robots", metric=f"metric {n}", quote=f"Acme has {n} robots.")
        for n in range(1, 10)
    ]
    card = CompanyCard(name="Acme", aliases=["ACME"], facts=facts)
    message = render_card(card, permalink_template=TEMPLATE, share_query="Acme")
    payload = message.payload()
    limits_respected(payload)
    [section] = [b for b in payload["blocks"] if b.get("fields")]
    assert "Also known as ACME" in section["text"]["text"]
    assert [f["text"].split("\n")[0] for f in section["fields"]] == [
        f"*{n} robots* · metric {n} · October 8th" for n in range(1, 7)
    ]
    assert all(
        "blob/main/seeds/a.txt#L7|Meituan hits a high>" in f["text"] for f in section["fields"]
    )
    blocks = json.dumps(payload["blocks"])
    assert "Acme has 1 robots." not in blocks, "the quotes are behind the button"
    ids = [(b["action_id"], b["value"]) for b in payload["blocks"][-1]["elements"]]
    assert ids == [(QUOTES_ACTION, "Acme"), (SHARE_ACTION, "Acme")]
    quotes = dumped(render_card_quotes(card))
    assert "Acme has *1* robots." in quotes or "Acme has *1 robots*." in quotes
    assert "Acme has 7 robots." not in quotes, "the quotes of the figures shown, no more"


def test_a_comparison_renders_every_company_and_declines_one() -> None:
    reply = ComparisonReply(
        question="Acme vs Brix <!channel> revenue",
        metric="revenue",
        rows=[
            CompanyFigure(
                company="Acme",
                question="Acme revenue",
                answer=answer(
                    company="Acme",
                    figure="$ 5 million",
                    metric="revenue",
                    quote="Acme's revenue was $ 5 million.",
                ),
            ),
            CompanyFigure(company="Brix", question="Brix revenue", suggestions=["Brix users"]),
        ],
    )
    message = render_comparison(reply, share_query="Acme vs Brix revenue")
    payload = message.payload()
    limits_respected(payload)
    text = dumped(message)
    assert "*Acme*  *$ 5 million*  revenue" in text
    assert ">Acme's revenue was *$ 5 million*." in text
    assert "*Brix*  no figure in the articles" in text
    assert "<!channel>" not in json.dumps(_shown(payload)), "the question is escaped"
    assert message.text == "Acme: $ 5 million · Brix: no figure"
    assert message.answers == 1
    actions = [
        e["action_id"] for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert actions == [f"{SUGGESTION_ACTION}_0", SHARE_ACTION]
