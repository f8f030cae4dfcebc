"""The views one key opens from anywhere in the console.

To add a view: write a :class:`~tui.screens.base.ViewScreen` in tui/screens/ and add
one :class:`View` here. It then has its key (shown in the footer and in ``?`` help),
a "View:" command in the palette, and the app keeps at most one of it open. The
models table is the app's first screen, not a view: ``m`` and Escape return to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.screens.audit import AuditScreen
from tui.screens.base import ViewScreen
from tui.screens.owners import OwnersScreen
from tui.screens.portfolio import PortfolioScreen

MODELS = "models"  # the first screen, below every view


@dataclass(frozen=True, slots=True)
class Focus:
    """A palette command that opens a view on one focus: "View: audit by owner"."""

    title: str  # appended to the view's title
    value: str  # given to the screen as its focus


@dataclass(frozen=True, slots=True)
class View:
    name: str  # what ShowView names it by
    key: str
    title: str  # footer and help
    screen: type[ViewScreen]
    about: str  # a line in the palette
    focuses: tuple[Focus, ...] = ()


VIEWS: tuple[View, ...] = (
    View(
        "audit",
        "a",
        "Audit",
        AuditScreen,
        "every finding grouped by rule, severity or owner",
        focuses=(Focus("by rule", "rule"), Focus("by severity", "severity"), Focus("by owner", "owner")),
    ),
    View("owners", "o", "Owners", OwnersScreen, "owners, their models and open findings"),
    View(
        "portfolio",
        "p",
        "Portfolio",
        PortfolioScreen,
        "proposed use cases by combined score, pilots against their time box",
    ),
)

BY_NAME: dict[str, View] = {view.name: view for view in VIEWS}
