"""From a query typed in Slack to the message that answers it, via the `facts` store.

`facts` decides what a query asks for (`Store.respond`); this only keeps each conversation's
context for follow-ups and renders the reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.views import View

from bot.conversations import CONVERSATION_TTL, CONVERSATIONS, ConversationMemory
from bot.holder import StoreHolder, StoreUnavailable
from bot.render import (
    Message,
    render_card_quotes,
    render_home,
    render_home_unavailable,
    render_reply,
    render_unavailable,
)
from facts import CardReply

EXAMPLES = 3


@dataclass(frozen=True)
class ReplyOptions:
    """How answers are shaped (how many, how sources without a URL are linked) and how many
    conversations are remembered for follow-ups, for how long."""

    permalink_template: str | None = None
    answer_limit: int = 3
    card_limit: int = 6
    conversations: int = CONVERSATIONS
    conversation_ttl: float = CONVERSATION_TTL


class Replier:
    """Answers queries from whichever store the holder has now; the same for every surface."""

    def __init__(self, stores: StoreHolder, options: ReplyOptions | None = None) -> None:
        self.stores = stores
        self.options = options or ReplyOptions()
        self.conversations = ConversationMemory(
            self.options.conversations, self.options.conversation_ttl
        )

    def reply(
        self,
        query: str,
        *,
        shareable: bool = False,
        shared_by: str | None = None,
        conversation: str | None = None,
    ) -> Message:
        """Help, the company list, a company card, a comparison or the answers to a question.

        `shareable` adds the Share in channel button (only private replies need it); `shared_by`
        attributes a shared reply to the user who shared it; `conversation` (a thread or DM)
        reads the query as a follow-up of that conversation's previous question.
        """
        try:
            with self.stores.lease() as store:
                context = self.conversations.get(conversation) if conversation else None
                answered = store.respond(
                    query,
                    context,
                    limit=self.options.answer_limit,
                    card_limit=self.options.card_limit,
                )
        except StoreUnavailable:
            return render_unavailable()
        if conversation and answered.context is not None:
            self.conversations.put(conversation, answered.context)
        return render_reply(
            answered,
            permalink_template=self.options.permalink_template,
            share_query=query.strip() if shareable else None,
            shared_by=shared_by,
        )

    def card_quotes(self, company: str) -> Message:
        """The sentences behind a company card's figures (its Show quotes button)."""
        try:
            with self.stores.lease() as store:
                answered = store.respond(company, card_limit=self.options.card_limit)
        except StoreUnavailable:
            return render_unavailable()
        if not isinstance(answered, CardReply):
            return render_reply(answered, permalink_template=self.options.permalink_template)
        return render_card_quotes(answered.card, permalink_template=self.options.permalink_template)

    def home(self, answer_to: str | None = None) -> View:
        """The App Home tab for the current store; with `answer_to`, that question answered
        under the examples (an example button was clicked)."""
        answer = self.reply(answer_to) if answer_to is not None else None
        try:
            with self.stores.lease() as store:
                return render_home(store.info(), store.example_questions(EXAMPLES), answer=answer)
        except StoreUnavailable:
            return render_home_unavailable()
