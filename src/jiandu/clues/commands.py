"""`jiandu triage` (and its `train` and `evaluate`): the clue triage engine on the command line.

`jiandu triage` reads JSON Lines ``{"id": ..., "text": ...}`` from standard input and writes one JSON line
per input line, in order: ``{"id", "category", "subtype", "domain", "unit", "confidence", "cues"}``, or
``{"line": N, "error": "原因"}`` for a bad line; the exit status is 2 when any line was bad, else 0.
``unit`` comes from the database when one is reachable (the city-level business unit owning the
domain); without a database it is null and nothing fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jiandu.engines.triage.training import Example


def _database_ready() -> bool:
    """Set Django up if a database is configured and present; False (never an error) otherwise."""
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
        from django.conf import settings

        database = settings.DATABASES["default"]
        name = str(database.get("NAME") or "")
        if database["ENGINE"].endswith("sqlite3") and (name == ":memory:" or not Path(name).exists()):
            return False  # do not create an empty SQLite file just to find it has no units
        import django

        django.setup()
        return True
    except Exception:
        return False


def _units_by_domain() -> dict[str, str] | None:
    """Domain name → name of the city-level business unit that owns it; None without a database."""
    if not _database_ready():
        return None
    try:
        from jiandu.org.models import RegionLevel, Unit, UnitKind

        units = (
            Unit.objects.filter(kind=UnitKind.BUSINESS, region__level=RegionLevel.CITY)
            .prefetch_related("domains")
            .order_by("region__code", "name")
        )
        mapping: dict[str, str] = {}
        for unit in units:
            for domain in unit.domains.all():
                mapping.setdefault(domain.name, unit.name)
        return mapping
    except Exception:  # no tables yet, database down: suggestions without a unit
        return None


def _criteria() -> Any:
    """The judging criteria in force (rule data, no database needed)."""
    import datetime as dt

    from jiandu.clues.criteria import criteria_items

    return criteria_items(dt.date.today())


def _parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON object of one input line, or the Chinese reason it cannot be triaged."""
    try:
        line = raw.decode("utf-8").lstrip("\ufeff")  # a byte-order mark from Windows editors
    except UnicodeDecodeError:
        return None, "不是有效的 UTF-8 文本"
    if not line.strip():
        return None, "空行，应为含 text 字段的 JSON 对象"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"不是合法的 JSON（第 {error.colno} 个字符处：{error.msg}）"
    if not isinstance(item, dict):
        return None, '应为 JSON 对象，例如 {"id": 1, "text": "线索内容"}'
    if "text" not in item:
        return None, "缺少 text 字段"
    text = item["text"]
    if not isinstance(text, str):
        return None, "text 字段应为字符串"
    if not text.strip():
        return None, "text 字段为空"
    return item, None


def _write(stream: IO[bytes], payload: dict[str, Any]) -> None:
    stream.write(json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n")


def _load_triager(args: argparse.Namespace) -> Any:
    from jiandu.engines.triage import Triager

    return Triager.load(
        Path(args.model) if args.model else None, Path(args.lexicon) if args.lexicon else None
    )


def cmd_classify(args: argparse.Namespace) -> int:
    try:
        triager = _load_triager(args)
    except (OSError, ValueError) as error:
        print(f"错误：无法载入分拣模型或线索词库：{error}", file=sys.stderr)
        return 1
    units = _units_by_domain()
    criteria = _criteria()
    out = sys.stdout.buffer
    bad = False
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        item, problem = _parse_line(raw)
        if item is None:
            bad = True
            _write(out, {"line": number, "error": problem})
            continue
        suggestion = triager.suggest(item["text"], units=units, criteria=criteria)
        _write(out, {"id": item.get("id"), **suggestion.to_json()})
    out.flush()
    return 2 if bad else 0


def _confirmed_examples(heldout_texts: set[str]) -> list[Example]:
    """Labels staff confirmed in assessments, or [] (with a note on stderr) without a database."""
    from jiandu.engines.triage.training import examples_from_labels

    try:
        if not _database_ready():
            raise RuntimeError("未配置数据库或数据库文件不存在")
        from jiandu.clues.selectors import confirmed_labels

        examples = examples_from_labels(confirmed_labels())
    except Exception as error:
        print(
            f"提示：无法读取工作人员在研判中确认的标签（{error}），本次仅用随软件提供的语料训练。",
            file=sys.stderr,
        )
        return []
    # a confirmed clue whose text is in the held-out set would make the evaluation dishonest
    return [example for example in examples if example.text not in heldout_texts]


def cmd_train(args: argparse.Namespace) -> int:
    from jiandu.engines.triage import Triager, training
    from jiandu.engines.triage.engine import LEXICON_PATH, MODEL_PATH
    from jiandu.engines.triage.lexicon import Lexicon

    try:
        examples = training.training_examples(args.generated or training.GENERATED_COUNT)
        _, test = training.split(training.load_corpus(), training.load_heldout())
        calibration = training.calibration_examples()
        realvoice = training.load_corpus(training.REALVOICE_PATH)
        kept_out = training.kept_out_texts()
    except (OSError, ValueError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    confirmed = [] if args.corpus_only else _confirmed_examples(kept_out)
    note = f"corpus+grammar {len(examples)} + confirmed {len(confirmed)}"
    model = training.train([*examples, *confirmed], note=note)
    lexicon = Lexicon.load(Path(args.lexicon) if args.lexicon else LEXICON_PATH)
    temperature = training.fit_temperature(Triager(model, lexicon).category_probabilities, calibration)
    model.meta["temperature"] = temperature
    output = Path(args.output) if args.output else MODEL_PATH
    model.save(output)
    print(
        f"已训练分拣模型：语料与生成文本 {len(examples)} 条(另有 {len(test)} 条语料固定留出、"
        f"{len(realvoice)} 条真实口吻文本留作评估)，工作人员确认的标签 {len(confirmed)} 条；"
        f"特征 {len(model.vocab)} 个；置信度温度 {temperature:.2f}"
        f"（在 {len(calibration)} 条校准文本上拟合）。"
        f"已保存到 {output}"
    )
    return 0


FIELD_NAMES = {"category": "类别", "subtype": "细类", "domain": "领域"}
SETS = {
    "corpus": "语料固定留出的 20%（按类别分层）",
    "realvoice": "手写的真实口吻文本（与训练语料写法不同，从未参与训练）",
    "realpublic": "公开来源的真实文本（从未参与训练；改进模型时看过其错误）",
    "realpublic2": "公开来源的真实文本（另一人从其他网页收集；从未参与训练，其错误未看过）",
    "realpublic3": "公开来源的真实文本（第三套，2026-12-03 另一人收集；从未参与训练，其错误未看过）",
    "realpublic4": "公开来源的真实文本（第四套，2026-12-03 又一人收集；从未参与训练，其错误未看过）",
    "realpublic5": "公开来源的真实文本（第五套，2026-12-04 又一人收集；从未参与训练，其错误未看过）",
    "realpublic6": "公开来源的真实文本（第六套，2026-12-04 又一人收集；从未参与训练，其错误未看过）",
}


def _evaluation_sets(which: str) -> dict[str, list[Example]]:
    from jiandu.engines.triage import training

    sets: dict[str, list[Example]] = {}
    if which in ("corpus", "all"):
        sets["corpus"] = training.split(training.load_corpus(), training.load_heldout())[1]
    if which in ("realvoice", "all"):
        sets["realvoice"] = training.load_corpus(training.REALVOICE_PATH)
    for name, path in training.REALPUBLIC_SETS.items():
        if which in (name, "all") and path.exists():
            sets[name] = training.load_corpus(path)
    return sets


def cmd_evaluate(args: argparse.Namespace) -> int:
    from jiandu.engines.triage import training

    try:
        triager = _load_triager(args)
        sets = _evaluation_sets(args.set)
    except (OSError, ValueError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    results = {}
    for name, examples in sets.items():
        metrics = training.evaluate(triager.suggest, examples)
        bins, ece = training.reliability(triager.suggest, examples)
        results[name] = (examples, metrics, bins, ece)
    if args.json:
        payload = {
            name: {
                "metrics": [m.to_json() for m in metrics],
                "reliability": [b.to_json() for b in bins],
                "ece": ece,
            }
            for name, (_, metrics, bins, ece) in results.items()
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(f"模型与词库：{triager.version}")
    for name, (examples, metrics, bins, ece) in results.items():
        print(f"\n评估集 {name}：{len(examples)} 条，{SETS[name]}")
        for m in metrics:
            print(f"{FIELD_NAMES[m.field]}（{m.field}）：准确率 {m.accuracy:.3f}，宏平均 F1 {m.macro_f1:.3f}")
            if args.detail:
                print("  各类 F1:" + "  ".join(f"{c} {f1:.2f}" for c, f1 in m.f1_by_class.items()))
        if args.detail:
            print(f"置信度可靠性（类别是否正确；期望校准误差 ECE {ece:.3f}）：")
            print("  置信度区间      条数  平均置信度  实际准确率")
            for b in bins:
                print(
                    f"  [{b.low:.2f}, {b.high:.2f})  {b.n:6d}  {b.mean_confidence:10.3f}  {b.accuracy:10.3f}"
                )
    return 0


def cmd_triage(args: argparse.Namespace) -> int:
    if args.triage_command == "train":
        return cmd_train(args)
    if args.triage_command == "evaluate":
        return cmd_evaluate(args)
    return cmd_classify(args)


def cmd_workorders_import(args: argparse.Namespace) -> int:
    """Queue a 12345 / petition table as a background import (run here at once without a worker)."""
    from jiandu.boot import setup_django

    setup_django()
    from jiandu.clues.imports import guess_mapping, import_path, start_work_order_import, store_upload
    from jiandu.clues.models import ClueImport
    from jiandu.errors import UserError
    from jiandu.org.models import User
    from jiandu.org.selectors import get_region_by_code

    actor = User.objects.filter(username=args.user, is_active=True).first()
    if actor is None:
        print(f"错误：用户“{args.user}”不存在，请用 --user 指定导入人。", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        stored, header = store_upload(filename=path.name, data=path.read_bytes())
    except (OSError, UserError) as failure:
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    region = get_region_by_code(user=actor, code=args.region) if args.region else None
    try:
        job = start_work_order_import(
            actor=actor,
            stored_name=stored,
            filename=path.name,
            mapping=guess_mapping(header),
            channel=args.channel,
            default_region=region,
            partial=args.partial,
        )
    except UserError as failure:
        import_path(stored).unlink(missing_ok=True)
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    job = ClueImport.objects.get(pk=job.pk)
    for error in job.errors:
        print(f"第 {error['row']} 行 {error['field']}：{error['message']}", file=sys.stderr)
    print(job.message or f"已排队（导入任务 {job.pk}），可在“导入工单”页面查看进度。")
    return 0 if job.status in {"done", "pending", "checking", "writing"} else 1


def register(subparsers: Any) -> None:
    workorders = subparsers.add_parser("workorders", help="12345 / 信访工单")
    wo_sub = workorders.add_subparsers(dest="workorders_command", required=True)
    wo_import = wo_sub.add_parser("import", help="在后台分批导入 .xlsx 或 .csv 工单（列名自动识别）")
    wo_import.add_argument("file")
    wo_import.add_argument("--user", required=True, help="导入人用户名（决定管辖范围，记入审计）")
    wo_import.add_argument("--channel", default="hotline_12345", help="线索渠道代码，默认 hotline_12345")
    wo_import.add_argument("--region", default="", help="文件中没有区划列时使用的默认区划代码")
    wo_import.add_argument("--partial", action="store_true", help="跳过有错误的行，导入其余各行")
    wo_import.set_defaults(func=cmd_workorders_import)
    triage = subparsers.add_parser(
        "triage",
        help="问题线索分拣：从标准输入逐行读取 JSON，逐行输出类别、细类、领域等建议",
        description='从标准输入读取 JSON Lines（{"id": ..., "text": ...}），逐行输出分拣建议。',
    )
    triage.add_argument("--model", default=None, help="模型文件（.npz），默认为随软件提供的模型")
    triage.add_argument("--lexicon", default=None, help="线索词库（YAML），默认为随软件提供的词库")
    sub = triage.add_subparsers(dest="triage_command")
    train = sub.add_parser("train", help="用语料和工作人员确认的研判标签重新训练模型")
    train.add_argument("--output", default=None, help="模型保存位置，默认覆盖随软件提供的模型")
    train.add_argument("--corpus-only", action="store_true", help="不读取数据库中确认的标签")
    train.add_argument("--generated", type=int, default=None, help="由文法生成的训练文本条数（默认 16000）")
    evaluate = sub.add_parser("evaluate", help="在留出的评估集上报告准确率、宏平均 F1 和置信度可靠性")
    evaluate.add_argument(
        "--set",
        choices=[*SETS, "all"],
        default="all",
        help="评估集：语料留出部分、手写真实口吻文本、公开来源真实文本（六套）或全部",
    )
    evaluate.add_argument("--model", default=argparse.SUPPRESS, help="模型文件（.npz）")
    evaluate.add_argument("--lexicon", default=argparse.SUPPRESS, help="线索词库（YAML）")
    evaluate.add_argument("--json", action="store_true", help="以 JSON 输出")
    evaluate.add_argument("--detail", action="store_true", help="另列出每一类的 F1 和置信度可靠性表")
    triage.set_defaults(func=cmd_triage)
