"""Screenshots of the main pages at 1400 px and 390 px into docs/screens/, and the page widths.

Runs against a database that holds the demo city (load it first, e.g.
``DATABASE_URL=sqlite:///var/screens.sqlite3 jiandu demo --no-serve --scale 0.2 --today 2026-12-02``),
starts `jiandu serve` on a free local port, signs in as the demo accounts and drives Debian's chromium
with Playwright. JPEG at quality 45, at most 1,800 px high, so the files stay small.

    DATABASE_URL=sqlite:///var/screens.sqlite3 python scripts/screens.py [--out docs/screens]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]  # fmt: skip
PASSWORD = "Jiandu#2026demo"  # noqa: S105 (the published demo password)
MAX_HEIGHT = 1800
# (file name, account or None for public, path)
PAGES = [
    ("login", None, "/login/"),
    ("public-mailbox", None, "/public/mailbox/"),
    ("public-status", None, "/public/mailbox/status/?code=AAAAA-BBBBB"),
    ("public-inspections", None, "/public/inspections/"),
    ("dashboard-city", "zhuanban", "/"),
    ("todo", "zhuanban", "/todo/"),
    ("clues", "zhuanban", "/clues/"),
    ("rectifications", "zhuanban", "/rectifications/"),
    ("cases", "zhuanban", "/cases/"),
    ("reports", "zhuanban", "/reports/"),
    ("follow-ups", "zhuanban", "/follow-ups/"),
    ("inspections", "zhuanban", "/inspections/"),
    ("audit", "zhuanban", "/audit/"),
    ("dashboard-unit", "shipin", "/"),
    ("dashboard-county", "xingang", "/"),
    ("dashboard-officer", "dongcheng_zf1", "/"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "JIANDU_ENV": os.environ.get("JIANDU_ENV", "development"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "jiandu.cli", "serve", "--port", str(port)], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        widths: list[tuple[str, int, int]] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for width in (1400, 390):
                contexts: dict[str | None, object] = {}
                for name, account, path in PAGES:
                    if account not in contexts:
                        context = browser.new_context(
                            viewport={"width": width, "height": 900 if width > 500 else 844}
                        )
                        if account:
                            page = context.new_page()
                            page.goto(f"{base}/login/")
                            page.fill("#id_username", account)
                            page.fill("#id_password", PASSWORD)
                            page.click("button[type=submit]")
                            page.wait_for_load_state()
                            page.close()
                        contexts[account] = context
                    page = contexts[account].new_page()  # type: ignore[attr-defined]
                    page.goto(f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    scroll = int(page.evaluate("document.scrollingElement.scrollWidth"))
                    height = min(int(page.evaluate("document.scrollingElement.scrollHeight")), MAX_HEIGHT)
                    page.screenshot(
                        path=str(out / f"{name}-{width}.jpg"), type="jpeg", quality=45,
                        clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True,
                    )  # fmt: skip
                    widths.append((f"{name}-{width}", width, scroll))
                    page.close()
                for context in contexts.values():
                    context.close()  # type: ignore[attr-defined]
            browser.close()
        for label, width, scroll in widths:
            flag = "" if scroll <= width else "  ← scrolls sideways"
            print(f"{label:<28} viewport {width:>4}  scrollWidth {scroll:>5}{flag}")
        return 0 if all(scroll <= width for _, width, scroll in widths) else 1
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    raise SystemExit(main())
