"""Panels that apps above the clue inbox add to the clue page, without the clues app importing them.

An app registers a provider in its ``AppConfig.ready``; the clue page asks every provider for its panel
(or None) and shows them beside the referral. A provider reads through its own scoped selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jiandu.clues.models import Clue
from jiandu.org.models import User


@dataclass(frozen=True)
class Panel:
    title: str
    html_id: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, url or "")
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url): actions offered


Provider = Callable[[User, Clue], Panel | None]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def panels_for(user: User, clue: Clue) -> list[Panel]:
    return [panel for provider in PROVIDERS if (panel := provider(user, clue)) is not None]
