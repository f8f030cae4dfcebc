"""Command palette (ctrl+p): models, owners, rules, views and ready-made filters.

Textual's ``Matcher.highlight`` parses its candidate as markup, and candidates here
include model names from cards, so hits are built as plain ``Content`` and styled at
the matched offsets instead.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.message import Message

from registry import load_catalog
from registry.textsafe import clean
from tui.messages import FilterModels, OpenModel, ShowView
from tui.views import MODELS, VIEWS

if TYPE_CHECKING:
    from tui.app import RegistryApp

Command = tuple[str, Callable[[], object], str]  # text, action, help
FUZZY_LIMIT = 400
MAX_HITS = 40  # above this many candidates of a kind, match by substring (fast)

QUICK_FILTERS: tuple[tuple[str, str], ...] = (
    ("Production models with stale validations", "stage:production rule:VAL002"),
    ("Models with overdue validations", "validation:overdue"),
    ("Models with errors", "has:error"),
    ("High and critical risk models", "risk:high,critical"),
    ("Models missing a bias test", "bias:missing"),
    ("Models without an owner or with an inactive owner", "rule:OWN"),
    ("Pilots", "stage:pilot"),
)


def highlight(matcher: Matcher, text: str) -> Content:
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def substring_score(query: str, text: str) -> float:
    at = text.lower().find(query.lower())
    if at < 0:
        return 0.0
    return 0.6 + 0.4 * (1 - at / max(1, len(text)))


class RegistryCommands(Provider):
    """Everything you can open or do, by name."""

    @property
    def registry_app(self) -> RegistryApp:
        return cast("RegistryApp", self.app)

    def _post(self, message: Message) -> Callable[[], object]:
        return partial(self.app.post_message, message)

    def _views(self) -> list[Command]:
        app = self.registry_app
        views: list[Command] = [("View: models", self._post(ShowView(MODELS)), "the models table")]
        for view in VIEWS:
            views.append((f"View: {view.name}", self._post(ShowView(view.name)), view.about))
            for focus in view.focuses:
                title = f"View: {view.name} {focus.title}"
                views.append((title, self._post(ShowView(view.name, focus.value)), view.about))
        views += [
            ("Help: keys and filters", app.action_help, "every key binding and the filter language"),
            ("Reload the registry", app.action_reload, "read every file again"),
        ]
        for title, query in QUICK_FILTERS:
            views.append((f"Filter: {title}", self._post(FilterModels(query)), query))
        views.append(("Filter: clear", self._post(FilterModels("")), "show every model"))
        return views

    def _records(self) -> list[list[Command]]:
        snapshot = self.registry_app.snapshot
        if snapshot is None:
            return []
        models: list[Command] = [
            (f"Model: {row.id}  {row.name}", self._post(OpenModel(row.id)), f"{row.stage}, {row.risk} risk")
            for row in snapshot.rows
        ]
        owners: list[Command] = [
            (
                f"Owner: {clean(owner_id)}  {clean(rec.get_str('name') or '')}",
                self._post(ShowView("owners", owner_id)),
                clean(rec.get_str("escalation") or rec.get_str("email") or ""),
            )
            for owner_id, rec in snapshot.owners.items()
        ]
        rules: list[Command] = [
            (
                f"Rule: {code}  {rule.title}",
                self._post(FilterModels(f"rule:{code}")),
                "show the models it flags",
            )
            for code, rule in load_catalog().items()
        ]
        return [models, owners, rules]

    async def discover(self) -> Hits:
        for text, command, help_text in self._views():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for group in [self._views(), *self._records()]:
            if len(group) <= FUZZY_LIMIT:
                for text, command, help_text in group:
                    score = matcher.match(text)
                    if score > 0:
                        yield Hit(score, highlight(matcher, text), command, text=text, help=help_text)
                continue
            # A big registry: substring matches, and only the best few (the list shows ~10).
            scored = [(substring_score(query, item[0]), item) for item in group]
            best = heapq.nlargest(
                MAX_HITS, (pair for pair in scored if pair[0] > 0), key=lambda pair: pair[0]
            )
            for score, (text, command, help_text) in best:
                yield Hit(score, Content(text), command, text=text, help=help_text)
