from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _index_in_tmp(settings, tmp_path):
    """Every library test gets its own empty index directory."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    return settings.SEARCH_INDEX_DIR
