"""Starting Django outside a web request: the one helper every command-line entry point calls."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django with `jiandu.settings` (unless DJANGO_SETTINGS_MODULE says otherwise) and set up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
