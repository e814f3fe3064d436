"""Text from Slack (mentions, tokens, HTML entities) back to the question as typed."""

from __future__ import annotations

import pytest

from bot.incoming import MAX_QUERY, query_from_slack


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("What is Meituan's market cap?", "What is Meituan's market cap?"),
        ("<@UFACTBOT> What is Meituan's market cap?", "What is Meituan's market cap?"),
        ("<@UFACTBOT|factbot>   help", "help"),
        ("  <@UFACTBOT> <@UFACTBOT> list ", "list"),
        ("ask <@U0OTHER> about Meituan", "ask about Meituan"),
        ("AT&amp;T revenue", "AT&T revenue"),
        ("&lt;!channel&gt; revenue", "<!channel> revenue"),
        ("&amp;lt; literally", "&lt; literally"),
        ("<!channel> revenue", "@channel revenue"),
        ("<!subteam^S123|@team> revenue", "@team revenue"),
        ("see <https://example.com|the article>", "see the article"),
        ("see <https://example.com>", "see https://example.com"),
        ("in <#C123|general>?", "in general?"),
        ("", ""),
        ("<@UFACTBOT>", ""),
        ("line\nbreaks\tand  spaces", "line breaks and spaces"),
    ],
)
def test_query_from_slack(text: str, query: str) -> None:
    assert query_from_slack(text) == query


def test_very_long_text_is_bounded() -> None:
    assert len(query_from_slack("word " * 10_000)) == MAX_QUERY
