"""Check that the apps of Jiandu import each other in one direction only.

import-linter sees every import statement, but this script makes the rule explicit and readable: it
walks every module under src/jiandu with `ast` — including imports inside function bodies and under
`if TYPE_CHECKING:` — builds the graph between top-level apps (jiandu.<app>), and fails when

  * two apps import each other, directly or through a longer cycle, or
  * an app imports one on the same or a higher floor (docs/design.md: errors/boot → engines/documents/
    rulesets → audit → org → discretion → clues, cases, prevention → inspections → rectify, library,
    reviews, reports, service → web, demo, cli), except from views/api/commands/demo/tests modules,
    which may read any app's selectors.

Run: python scripts/check_import_graph.py   (exit status 1 on a violation; `make lint` runs it)
"""

from __future__ import annotations

import ast
import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "jiandu"

# Floors, bottom to top, as in pyproject.toml's import-linter `layers` contract. Inspections files its
# findings into the clue inbox, so it stands half a floor above clues (and apart from cases, prevention).
FLOORS: list[set[str]] = [
    {"errors", "boot", "settings", "reference", "bounds"},
    {"engines", "documents", "rulesets"},
    {"audit"},
    {"org"},
    {"discretion"},
    {"clues", "cases", "prevention"},
    {"inspections"},
    {"rectify", "library", "reviews"},
    {"service", "analysis"},
    {"oversight"},
    {"reports"},
    {"figures"},
    {"web", "demo", "cli", "public", "api", "urls", "wsgi", "conftest", "ops"},
]
FLOOR = {app: level for level, apps in enumerate(FLOORS) for app in apps}
TOP = len(FLOORS) - 1

# Module names (the part after jiandu.<app>.) that sit on top of the floors and may read any app.
PRESENTATION = {"views", "api", "commands", "demo", "urls", "tests", "conftest", "factories", "admin"}

# Module-level edges allowed despite the floors, each with its reason: (importing module, imported app).
# None today: the cases redesign removed the last ones (cases/integrations.py).
ALLOWED: set[tuple[str, str]] = set()


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {m for m in found if m.startswith("jiandu.")}


def is_presentation(name: str) -> bool:
    return any(part in PRESENTATION or part.startswith("test_") for part in name.split(".")[2:])


def check(root: Path = ROOT) -> tuple[list[str], int]:
    """The problems found under `root` (a `jiandu` package directory) and the number of apps seen."""
    graph: dict[str, set[str]] = defaultdict(set)
    evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = module_name(path, root)
        parts = name.split(".")
        if len(parts) < 2:
            continue
        app = parts[1]
        for target in imported_modules(path, name):
            other = target.split(".")[1]
            if other == app:
                continue
            edge = (app, other)
            if (name, other) in ALLOWED:
                continue
            if is_presentation(name) or FLOOR.get(app) == TOP:
                continue  # presentation may read any app (cycles among domain modules only)
            graph[app].add(other)
            evidence[edge].append(f"{name} → {target}")
            if app not in FLOOR or other not in FLOOR:
                problems.append(f"{name} imports {target}: add its app to FLOORS in this script")
            elif FLOOR[other] >= FLOOR[app]:
                problems.append(
                    f"{name} imports {target}: {app} (floor {FLOOR[app]}) may import only lower floors"
                )

    # cycles between apps (domain modules), found by depth-first search
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                links = "; ".join(evidence[(a, b)][0] for a, b in itertools.pairwise(cycle))
                problems.append("import loop " + " → ".join(cycle) + f" ({links})")
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)

    return list(dict.fromkeys(problems)), len(graph)


def main() -> int:
    problems, apps = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} import-graph problem(s).", file=sys.stderr)
        return 1
    print(f"import graph: {apps} apps, no loop, every domain import points to a lower floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
