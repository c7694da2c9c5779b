"""Text → sparse binary features: jieba words, word bigrams, character bigrams and trigrams.

The same function serves training and inference, so a model and its features never drift apart.
Segmentation uses a private :class:`jieba.Tokenizer` so that words other code adds to jieba's global
dictionary cannot change the features.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from typing import Any

__all__ = ["KEPT_NUMBERS", "extract", "extract_normalised", "normalise", "tokens"]

_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
KEPT_NUMBERS = frozenset({"12315", "12345", "12358", "12365", "12330", "110"})
"""Numbers that name something (hotlines) and so are kept as they are; others become 0."""
_RUNS = re.compile(r"[0-9a-z\u3400-\u9fff]+")
_WORD = re.compile(r"[0-9a-z\u3400-\u9fff]")

_lock = threading.Lock()
_tokenizer: Any = None
_converter: Any = None


def _jieba() -> Any:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def _number(match: re.Match[str]) -> str:
    return match.group(0) if match.group(0) in KEPT_NUMBERS else "0"


def _simplified() -> Any:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def normalise(text: str) -> str:
    """Traditional to simplified characters (OpenCC t2s), full-width to half-width, lower case,
    every number as ``0`` except the hotline numbers in :data:`KEPT_NUMBERS`."""
    simple = str(_simplified().convert(unicodedata.normalize("NFKC", text)))
    return _DIGITS.sub(_number, simple.lower())


def tokens(text: str) -> list[str]:
    """jieba words of a normalised text, without punctuation and spaces."""
    cut = _jieba().lcut(text, HMM=False)
    return [str(word) for word in cut if _WORD.match(word)]


def extract(text: str) -> tuple[set[str], list[str]]:
    """Binary features of ``text`` and its jieba words (the words are reused to explain results).

    Word unigrams are ``w:词``, word bigrams ``b:词1|词2``, character n-grams are the bare
    2- and 3-character strings (inside runs of letters, digits and Chinese characters).
    """
    return extract_normalised(normalise(text))


def extract_normalised(clean: str) -> tuple[set[str], list[str]]:
    """:func:`extract` for a text already passed through :func:`normalise`."""
    words = tokens(clean)
    features: set[str] = {"w:" + word for word in words}
    features.update(f"b:{a}|{b}" for a, b in itertools.pairwise(words))
    for run in _RUNS.findall(clean):
        features.update(run[i : i + 2] for i in range(len(run) - 1))
        features.update(run[i : i + 3] for i in range(len(run) - 2))
    return features, words
