"""Convert ASCII , : ; ( ) next to Chinese characters into their full-width forms (，：；（）).

Only user text is touched: in Python files, string literals found with the `tokenize` module (never
code, comments, byte strings, raw strings, or strings that look like regular expressions; in f-strings
only the text outside the {…} fields; never docstrings); in Django templates, the text outside
{% %}, {{ }} and {# #} tags and outside HTML tags. A pair of parentheses is converted together when
either side of it touches a Chinese character, so "文件(.xlsx 或 .csv)" becomes
"文件（.xlsx 或 .csv）". A space after a converted , : ; is dropped.

    python scripts/fix_punctuation.py [--check] PATH...    (files or directories; .py and .html)
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
REGEX_HINTS = re.compile(r"\\[dDsSwWbB]|\(\?|\[\^|\\\(|\\\)|\$$|^\^|\|\(|\)\|")
TEMPLATE_TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^<>]*>)", re.S)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def convert_text(text: str) -> str:
    """The conversion on plain text (no markup, no code)."""
    chars = list(text)
    n = len(chars)

    def near(i: int) -> bool:
        return (i > 0 and is_cjk(chars[i - 1])) or (i + 1 < n and is_cjk(chars[i + 1]))

    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    drop: set[int] = set()
    for i, ch in enumerate(chars):
        if ch in ",:;" and near(i):
            # a colon between digits (10:30) or a comma between digits (1,000) stays
            if i > 0 and i + 1 < n and chars[i - 1].isdigit() and chars[i + 1].isdigit():
                continue
            if ch == ":" and i + 2 < n and chars[i + 1] == "/" and chars[i + 2] == "/":
                continue  # a URL scheme
            chars[i] = FULL[ch]
            if i + 1 < n and chars[i + 1] == " ":
                drop.add(i + 1)
    for start, end in pairs:
        if near(start) or near(end):
            chars[start], chars[end] = "（", "）"
    return "".join(ch for i, ch in enumerate(chars) if i not in drop)


def _convert_fstring_body(body: str) -> str:
    out, i, text = [], 0, []
    while i < len(body):
        ch = body[i]
        if body.startswith("{{", i) or body.startswith("}}", i):
            text.append(body[i : i + 2])
            i += 2
        elif ch == "{":
            out.append(convert_text("".join(text)))
            text = []
            depth, j = 1, i + 1
            while j < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            out.append(body[i:j])
            i = j
        else:
            text.append(ch)
            i += 1
    out.append(convert_text("".join(text)))
    return "".join(out)


def convert_string_token(token: str) -> str:
    match = re.match(r"(?i)([a-z]*)('''|\"\"\"|'|\")", token)
    if match is None:
        return token
    prefix, quote = match.group(1).lower(), match.group(2)
    if "b" in prefix or "r" in prefix:
        return token
    body = token[len(match.group(0)) : len(token) - len(quote)]
    if REGEX_HINTS.search(body) or not any(is_cjk(c) for c in body):
        return token
    new = _convert_fstring_body(body) if "f" in prefix else convert_text(body)
    return token[: len(match.group(0))] + new + quote


def convert_python(source: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    previous = tokenize.NEWLINE
    for tok in tokens:
        statement_start = previous in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)
        if tok.type not in (tokenize.COMMENT, tokenize.NL):
            previous = tok.type
        if tok.type == tokenize.STRING and statement_start:
            continue  # a docstring (a string standing alone as a statement): developer text
        if tok.type == tokenize.STRING:
            new = convert_string_token(tok.string)
            if new != tok.string:
                start = offsets[tok.start[0] - 1] + tok.start[1]
                end = offsets[tok.end[0] - 1] + tok.end[1]
                edits.append((start, end, new))
    for start, end, new in reversed(edits):
        source = source[:start] + new + source[end:]
    return source


def convert_template(source: str) -> str:
    parts = TEMPLATE_TAG.split(source)
    return "".join(part if i % 2 else convert_text(part) for i, part in enumerate(parts))


def convert_file(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return convert_python(text)
    if path.suffix == ".html":
        return convert_template(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only list the files that would change")
    args = parser.parse_args(argv)
    changed = []
    for root in args.paths:
        files = (
            [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in {".py", ".html"})
        )
        for path in files:
            new = convert_file(path)
            if new != path.read_text(encoding="utf-8"):
                changed.append(path)
                if not args.check:
                    path.write_text(new, encoding="utf-8")
    for path in changed:
        print(path)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
