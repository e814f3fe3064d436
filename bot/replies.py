"""From a query typed in Slack to the message that answers it, via the `facts` store."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.views import View

from bot.holder import StoreHolder, StoreUnavailable
from bot.render import (
    Message,
    render_answers,
    render_card,
    render_companies,
    render_help,
    render_home,
    render_home_unavailable,
    render_unavailable,
)
from facts import Store

HELP_WORDS = frozenset({"", "help", "?"})
LIST_WORDS = frozenset({"list", "companies"})
EXAMPLES = 3


@dataclass(frozen=True)
class ReplyOptions:
    """How answers are shaped: how many, and how sources without a URL are linked."""

    permalink_template: str | None = None
    answer_limit: int = 3
    card_limit: int = 5


class Replier:
    """Answers queries from whichever store the holder has now; the same for every surface."""

    def __init__(self, stores: StoreHolder, options: ReplyOptions | None = None) -> None:
        self.stores = stores
        self.options = options or ReplyOptions()

    def reply(
        self, query: str, *, shareable: bool = False, shared_by: str | None = None
    ) -> Message:
        """Help, the company list, a company card or the answers to a question.

        `shareable` adds the Share in channel button (only private replies need it); `shared_by`
        attributes a shared reply to the user who shared it.
        """
        try:
            with self.stores.lease() as store:
                return self._reply(store, query, shareable=shareable, shared_by=shared_by)
        except StoreUnavailable:
            return render_unavailable()

    def _reply(
        self, store: Store, query: str, *, shareable: bool, shared_by: str | None
    ) -> Message:
        query = query.strip()
        word = query.lower()
        if word in HELP_WORDS:
            return render_help(store.example_questions(EXAMPLES))
        if word in LIST_WORDS:
            return render_companies(store.companies())
        share_query = query if shareable else None
        template = self.options.permalink_template
        name = store.resolve_company(query)
        if name is not None:
            card = store.company_card(name, limit=self.options.card_limit)
            if card is not None:
                return render_card(
                    card, permalink_template=template, share_query=share_query, shared_by=shared_by
                )
        result = store.ask(query, limit=self.options.answer_limit)
        return render_answers(
            result, permalink_template=template, share_query=share_query, shared_by=shared_by
        )

    def home(self) -> View:
        """The App Home tab for the current store."""
        try:
            with self.stores.lease() as store:
                return render_home(store.info(), store.example_questions(EXAMPLES))
        except StoreUnavailable:
            return render_home_unavailable()
