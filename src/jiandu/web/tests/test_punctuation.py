"""Full-width Chinese punctuation cannot come back: the rule files staff read and edit, the messages in
the source (UserError texts, form errors, document lines) and scripts/fix_punctuation.py itself."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[4]
SRC = ROOT / "src" / "jiandu"
RULESETS = SRC / "rulesets"
SCRIPT = ROOT / "scripts" / "fix_punctuation.py"
# synthetic citizen speech that trains and tests the triage model: people type ASCII commas
NOT_COPY = {SRC / "engines" / "triage" / "grammar.py", SRC / "engines" / "triage" / "training.py"}

CJK = r"[\u3400-\u9fff]"
ASCII_NEXT_TO_CJK = re.compile(rf"(?<={CJK})[,:;()]|[,:;()](?={CJK})")
RESIDUE = re.compile(r"\[unverified\]|\[S\]|原文未核对")
CODE_PREFIX = re.compile(r"^[a-z]+:")  # article ids such as xzcfl:第三十三条
FILE_KEYS = {"file"}  # file names under reference/law/, as written on disk


@pytest.fixture(scope="module")
def fix():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fix_punctuation", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string value of a decoded YAML document with its path; keys and file names left out."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in FILE_KEYS:
                found += _strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        found.append((path, node))
    return found


def _cut_texts(node: Any, path: str = "") -> list[str]:
    """Chinese keys with no value: a text a bare comma in a flow mapping ({text: 甲,乙}) cut in two."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and re.search(CJK, key) and value is None:
                found.append(f"{path}/{key}")
            found += _cut_texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _cut_texts(value, f"{path}[{index}]")
    return found


RULE_FILES = sorted(RULESETS.rglob("*.yaml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=[str(p.relative_to(RULESETS)) for p in RULE_FILES])
def test_rule_file_texts_read_as_chinese(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    for where, text in _strings(data):
        if CODE_PREFIX.match(text):
            continue
        for match in ASCII_NEXT_TO_CJK.finditer(text):
            problems.append(f"{where}: …{text[max(0, match.start() - 8) : match.end() + 8]}…")
        if re.search(rf'{CJK}"|"{CJK}', text):
            problems.append(f"{where}: ASCII quotation marks in “{text[:40]}…” (use “”)")
        if RESIDUE.search(text):
            problems.append(f"{where}: developer marker in “{text[:40]}…”")
        if re.search(rf"{CJK}[，。；：] (?={CJK})", text):
            problems.append(f"{where}: a folded line left a space in “{text[:40]}…”")
    problems += [f"{where}: text cut by a bare comma" for where in _cut_texts(data)]
    assert problems == []


def test_the_rule_file_check_catches_what_it_looks_for() -> None:
    cut = yaml.safe_load("- {code: V06, text: 违反法定程序(未告知陈述申辩,未经法制审核等)}")
    assert _cut_texts(cut) == ["[0]/未经法制审核等)"]
    texts = [
        t for _, t in _strings(yaml.safe_load("a: 行政处罚法第六十条(九十日)\nfile: 价格法(1997-12-29)"))
    ]
    assert texts == ["行政处罚法第六十条(九十日)"] and ASCII_NEXT_TO_CJK.search(texts[0])


def test_the_source_and_the_rule_files_need_no_conversion(fix) -> None:  # type: ignore[no-untyped-def]
    """What `python scripts/fix_punctuation.py --check src/jiandu` checks, tests and the triage model's
    training text aside (tests feed ASCII input on purpose)."""
    files = [
        p
        for p in sorted(SRC.rglob("*"))
        if p.suffix in fix.SUFFIXES and "tests" not in p.parts and p not in NOT_COPY
    ]
    assert len(files) > 300
    changed = [str(p.relative_to(SRC)) for p in files if fix.convert_file(p) != p.read_text(encoding="utf-8")]
    assert changed == []


def test_yaml_conversion_keeps_syntax_keys_codes_and_file_names(fix) -> None:  # type: ignore[no-untyped-def]
    source = (
        "# 依据:行政处罚法(2021)第六十条;\n"
        "县(市、区): {file: 价格法(1997-12-29), text: 音像记录完整,无中断}\n"
        "articles: [xzcfl:第六十条, cxgd:第十八条]\n"
        "items:\n"
        "  - {label: '经营者为个人,没有违法所得', max: 100000}\n"
        "  - 罚款以货值金额(含已售出的产品)计算  # 默认值(可改)\n"
        "pattern: '(检测|鉴定)费'\n"
    )
    out = fix.convert_yaml(source)
    data = yaml.safe_load(out)
    assert out.startswith("# 依据：行政处罚法（2021）第六十条；\n")
    # the key is kept; the bare comma still ends the flow scalar (YAML syntax, fixed by hand in the files)
    assert data["县(市、区)"] == {"file": "价格法(1997-12-29)", "text": "音像记录完整", "无中断": None}
    assert data["articles"] == ["xzcfl:第六十条", "cxgd:第十八条"]
    assert data["items"] == [
        {"label": "经营者为个人，没有违法所得", "max": 100000},
        "罚款以货值金额（含已售出的产品）计算",
    ]
    assert "# 默认值（可改）" in out and data["pattern"] == "(检测|鉴定)费"
    assert fix.convert_yaml(out) == out  # a second run changes nothing


def test_fields_inside_chinese_text_count_as_chinese(fix) -> None:  # type: ignore[no-untyped-def]
    convert = fix.convert_python
    assert convert('x = f"{where}:{label},罚款为{how}"\n') == 'x = f"{where}：{label}，罚款为{how}"\n'
    assert (
        convert('x = f"已超过 {y} 年(截至 {d}),不再处罚"\n') == 'x = f"已超过 {y} 年（截至 {d}），不再处罚"\n'
    )
    # not in a URL, not in a string without Chinese, not in a CSV table, not in a regular expression
    for kept in ['x = f"已启动：http://{host}:{port}/"\n', 'x = f"{a}:{b}"\n', 'x = "名称,代码\\n甲,1\\n"\n',
                 'x = r"[(（][^()]*[)）]"\n']:  # fmt: skip
        assert convert(kept) == kept


def test_template_values_inside_chinese_text_count_as_chinese(fix) -> None:  # type: ignore[no-untyped-def]
    convert = fix.convert_template
    assert convert("<p>审核意见({{ who }}):{{ text }}</p>") == "<p>审核意见（{{ who }}）：{{ text }}</p>"
    assert (
        convert("<p>{% if a %}县(市){% endif %},{{ b }}条</p>")
        == "<p>{% if a %}县（市）{% endif %}，{{ b }}条</p>"
    )
    for kept in ["<p>{{ a }}:{{ b }}</p>", "<script>f({{ x }});</script>", '<a title="甲,乙">x</a>']:
        assert convert(kept) == kept
