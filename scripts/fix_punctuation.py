"""Convert ASCII , : ; ( ) next to Chinese characters into their full-width forms (，：；（）).

Only user text is touched: in Python files, string literals found with the `tokenize` module (never
code, comments, byte strings, raw strings, or strings that look like regular expressions; in f-strings
only the text outside the {…} fields; never docstrings); in Django templates, the text outside
{% %}, {{ }} and {# #} tags and outside HTML tags. A pair of parentheses is converted together when
either side of it touches a Chinese character, so "文件(.xlsx 或 .csv)" becomes
"文件（.xlsx 或 .csv）". A space after a converted , : ; is dropped.

In YAML rule files (src/jiandu/rulesets/), the scalar values and the comments, found with PyYAML's
scanner so that the YAML syntax (the ": " after a key, the commas of a flow list) is never touched;
never mapping keys (they are looked up by code), never the values of keys in YAML_CODE_KEYS (file
names), never values that start with a code prefix ("cxgd:第十八条") or look like regular expressions.

    python scripts/fix_punctuation.py [--check] PATH...    (files or directories; .py, .html, .yaml)
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

import yaml

FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
REGEX_HINTS = re.compile(r"\\[dDsSwWbB]|\(\?|\[\^|\\\(|\\\)|\$$|^\^|\|\(|\)\|")
TEMPLATE_TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^<>]*>)", re.S)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def convert_text(text: str, also: str = "") -> str:
    """The conversion on plain text (no markup, no code), repeated until nothing changes: a converted
    parenthesis makes its neighbour a Chinese character, so "(执法全过程记录);" becomes
    "（执法全过程记录）；"."""
    while True:
        new = _convert_once(text, also)
        if new == text:
            return new
        text = new


def _convert_once(text: str, also: str = "") -> str:
    """One pass; characters in `also` count as Chinese (an f-string field inside Chinese text)."""
    chars = list(text)
    n = len(chars)

    def cjk(ch: str) -> bool:
        return is_cjk(ch) or ch in also

    def near(i: int) -> bool:
        return (i > 0 and cjk(chars[i - 1])) or (i + 1 < n and cjk(chars[i + 1]))

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
        if end + 2 < n and chars[end + 1] == "." and chars[end + 2].isascii() and chars[end + 2].isalpha():
            continue  # a file name such as 行政处罚法(2021-01-22).md
        if near(start) or near(end):
            chars[start], chars[end] = "（", "）"
    return "".join(ch for i, ch in enumerate(chars) if i not in drop)


FIELD = "\ue000"  # stands for a {…} field while the text around it is converted (not a Chinese character)


def _convert_fstring_body(body: str) -> str:
    """The text of an f-string outside its {…} fields, converted as one piece so that a pair of
    parentheses around a field ("(截至 {day})") is converted together."""
    fields: list[str] = []
    text: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if body.startswith("{{", i) or body.startswith("}}", i):
            text.append(body[i : i + 2])
            i += 2
        elif ch == "{":
            depth, j = 1, i + 1
            while j < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            fields.append(body[i:j])
            text.append(FIELD)
            i = j
        else:
            text.append(ch)
            i += 1
    joined = "".join(text)
    # inside Chinese text a field stands for Chinese words ("{where}:{label}" → "{where}：{label}"),
    # except in a URL ("http://{host}:{port}/")
    chinese = any(is_cjk(c) for c in joined) and "//" not in joined
    converted = convert_text(joined, FIELD if chinese else "")
    pieces = converted.split(FIELD)
    out = [pieces[0]]
    for field, piece in zip(fields, pieces[1:], strict=True):
        out += [field, piece]
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
    if "," in body and ("\\n" in body or "\n" in body):
        return token  # lines of comma-separated values (a CSV table), not prose
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


HTML_TAG = re.compile(r"(<[^<>]*>)")
DJANGO_TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.S)
CODE_BLOCK = re.compile(r"(?is)(<(script|style)\b.*?</\2>)")
OTHER_TAG = "\ue001"  # a {% %} or {# #} tag while the text around it is converted: not Chinese


def _convert_run(run: str) -> str:
    """Text between two HTML tags: the parts outside Django tags converted as one piece, a {{ }} value
    counting as Chinese when the run has Chinese ("审核意见({{ who }}):" → "审核意见（{{ who }}）：")."""
    pieces = DJANGO_TAG.split(run)
    tags = pieces[1::2]
    marked = "".join(
        piece if i % 2 == 0 else (FIELD if piece.startswith("{{") else OTHER_TAG)
        for i, piece in enumerate(pieces)
    )
    chinese = any(is_cjk(c) for c in marked) and "//" not in marked
    converted = convert_text(marked, FIELD if chinese else "")
    out, tag_iter = [], iter(tags)
    for ch in converted:
        out.append(next(tag_iter) if ch in (FIELD, OTHER_TAG) else ch)
    return "".join(out)


def convert_template(source: str) -> str:
    """Text outside HTML tags and outside <script>/<style> blocks, run by run."""
    out = []
    for i, block in enumerate(CODE_BLOCK.split(source)):
        if i % 3:  # a script or style block (and the tag name the split also returns)
            out.append(block if i % 3 == 1 else "")
            continue
        parts = HTML_TAG.split(block)
        out.append("".join(part if j % 2 else _convert_run(part) for j, part in enumerate(parts)))
    return "".join(out)


YAML_CODE_KEYS = {"file"}  # file names under reference/law/, looked up as written
CODE_PREFIX = re.compile(r"^['\"]?[A-Za-z_][A-Za-z0-9_]*:")


def _convert_comments(gap: str) -> str:
    """The text between two YAML tokens: only blanks and comments, so it is converted whole (a pair of
    parentheses may open on one comment line and close on the next)."""
    return convert_text(gap)


def yaml_scalar_edits(source: str) -> list[tuple[int, int, str]]:
    """(start, end, new text) for each scalar value and comment of a YAML document that would change."""
    edits: list[tuple[int, int, str]] = []
    previous: yaml.Token | None = None
    key = ""
    last_end = 0
    for tok in yaml.scan(source, Loader=yaml.SafeLoader):
        start, end = tok.start_mark.index, tok.end_mark.index
        gap = source[last_end:start]
        if "#" in gap:
            new_gap = _convert_comments(gap)
            if new_gap != gap:
                edits.append((last_end, start, new_gap))
        last_end = max(last_end, end)
        if isinstance(tok, yaml.ScalarToken):
            if isinstance(previous, yaml.KeyToken):
                key = tok.value
            elif key not in YAML_CODE_KEYS and "|" not in tok.value and not REGEX_HINTS.search(tok.value):
                body = source[start:end]
                if any(is_cjk(c) for c in body) and not CODE_PREFIX.match(body):
                    new = convert_text(body)
                    if new != body:
                        edits.append((start, end, new))
        previous = tok
    return edits


def convert_yaml(source: str) -> str:
    for start, end, new in sorted(yaml_scalar_edits(source), reverse=True):
        source = source[:start] + new + source[end:]
    return source


def convert_file(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return convert_python(text)
    if path.suffix == ".html":
        return convert_template(text)
    if path.suffix in {".yaml", ".yml"}:
        return convert_yaml(text)
    return text


SUFFIXES = {".py", ".html", ".yaml", ".yml"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only list the files that would change")
    args = parser.parse_args(argv)
    changed = []
    for root in args.paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES)
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
