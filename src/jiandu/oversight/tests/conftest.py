from jiandu.clues.tests.conftest import _empty_cache, _media, units  # noqa: F401
