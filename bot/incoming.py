"""Turn the text Slack sends us (mentions, links, HTML entities) back into the question as typed."""

from __future__ import annotations

import re

# Slack delivers message and command text with &, < and > escaped, and with mentions, channels
# and links as <...> tokens; the store must see what the person typed, not Slack's wire format.
_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>)+")
_TOKEN = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # &amp; last: "&amp;lt;" means "&lt;"

# Longer questions are almost certainly pasted text; the store does not need more to answer.
MAX_QUERY = 500


def _token_text(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if label:
        return label
    # <@U123> and <#C123> without a label have no readable text; <!here> reads as @here.
    if target.startswith("!"):
        return "@" + target[1:].split("^")[0]
    if target.startswith(("@", "#")):
        return ""
    return target


def query_from_slack(text: str) -> str:
    """The question in a command, mention or DM: bot mention dropped, tokens made readable."""
    text = _LEADING_MENTIONS.sub("", text)
    text = _TOKEN.sub(_token_text, text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return " ".join(text.split())[:MAX_QUERY]
