"""The one entry point: a query as typed in, a typed reply out.

The Slack app and the CLI only render what this returns; neither decides what a query is.
Help, the company list, a company's card, a comparison, a follow-up and a question are all
told apart here, in this order.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from facts.models import (
    Answer,
    AnswersReply,
    CardReply,
    CompanyListReply,
    Context,
    DeclineReply,
    HelpReply,
    Reply,
)
from facts.phrasing import COMPARE_SIGNAL, HELP_WORDS, LIST_WORDS

if TYPE_CHECKING:
    from facts.store import Store

EXAMPLES = 3
ANSWER_LIMIT = 3
CARD_LIMIT = 6  # a card is a glance: six figures at most


def respond(
    store: Store,
    text: str,
    context: Context | None = None,
    *,
    limit: int = ANSWER_LIMIT,
    card_limit: int = CARD_LIMIT,
) -> Reply:
    """What a query asks for, answered: help, the company list, a company's card, the answers
    to a question, a comparison, or a decline with suggestions.

    `context` is the conversation's previous reply's `context`: with it, 'and alibaba?' or
    'what about 2018?' is read as that question again with its company or period changed.
    A reply's own `context` is what to keep for the next message (None: keep the old one).
    """
    typed = text.strip()
    word = typed.lower()
    if word in HELP_WORDS:
        return HelpReply(question=typed, examples=store.example_questions(EXAMPLES))
    if word in LIST_WORDS:
        return CompanyListReply(question=typed, companies=store.companies())
    question = typed
    # Follow-ups and comparisons are imported when a query is one: a one-off question
    # seldom is, and should not load them.
    if context is not None:
        from facts.followup import follow_up
        from facts.frames import read_frame

        previous = read_frame(store.parse, context.question)
        question = follow_up(previous, read_frame(store.parse, typed)) or typed
    if COMPARE_SIGNAL.search(question):
        from facts.compare import compare
        from facts.frames import read_frame

        comparison = compare(store, read_frame(store.parse, question), question=question)
        if comparison is not None:
            return comparison
    keep = Context(question=question)
    query = store.parse(question)
    # Only a name (typos forgiven) is a card: 'Universal Resort visitors' asks for a figure,
    # however close the whole query is to 'Universal Resort'. A query with words of its own
    # is not read as a name at all: matching it against every name the store knows, typos
    # forgiven, took about a millisecond at 100,000 articles, for nothing.
    name = None if any(not t.context for t in query.terms) else store.resolve_company(question)
    if name is not None:
        card = store.company_card(name, limit=card_limit)
        if card is not None:
            return CardReply(question=question, card=card, context=keep)
    result = store.ask(question, limit=limit, query=query)
    if result.answers:
        return AnswersReply(result=result, context=keep)
    return DeclineReply(result=result, context=keep)


def shown_answers(reply: Reply) -> list[Answer]:
    """Every figure a reply shows, in order: what `--json` lists as its answers."""
    if isinstance(reply, AnswersReply | DeclineReply):
        return list(reply.result.answers)
    if isinstance(reply, CardReply):
        return list(reply.card.facts)
    if reply.kind == "comparison":
        return [row.answer for row in reply.rows if row.answer is not None]
    return []


def reply_json(reply: Reply) -> str:
    """One line of JSON for `facts ask --json`.

    Answers and declines print exactly the question/answers/suggestions object they always
    did. Other replies print the same three fields (answers: every figure shown) plus `kind`
    and what they hold, so a reader of answers never needs to know the kinds.
    """
    if isinstance(reply, AnswersReply | DeclineReply):
        return reply.result.model_dump_json()
    data: dict[str, Any] = {
        "question": reply.question,
        "answers": [a.model_dump(mode="json") for a in shown_answers(reply)],
        "suggestions": reply.examples if isinstance(reply, HelpReply) else [],
    }
    data.update(reply.model_dump(mode="json", exclude={"context", "question"}))
    return json.dumps(data, ensure_ascii=False)
