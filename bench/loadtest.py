"""A bounded closed-loop load test against a Jiandu server on loopback.

    .venv/bin/python bench/loadtest.py --base http://127.0.0.1:8000 --users 50 --seconds 120 \
        [--think 1.0] [--password 'Jiandu#2026demo'] [--accounts zb01,xj410101,zf410101,...]

Each simulated user logs in with its own session (a mix of city and county accounts), then loops:
pick a page from a weighted mix, GET it, record the time, think `--think` seconds, until `--seconds`
have passed. It then prints p50 / p95 / p99 and errors per page and overall. Only loopback addresses
are accepted, the number of users and the duration are bounded, and it stops by itself.

One request per page first (`--single`) gives the one-request figure of every page.

`--server-pid PID` (the `jiandu serve` / gunicorn master) also prints the server's CPU per request:
the CPU time the server's processes and the PostgreSQL backends of `--pg-database` used during the
run, divided by the requests, with the machine's total CPU use over the same time (other work on a
shared machine shows there, not in the per-request figure). Read from /proc (Linux).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

LOOPBACK = re.compile(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$")

# (weight, label, path) — {county} is replaced by the user's own county code where it matters.
PAGES: list[tuple[int, str, str]] = [
    (20, "工作台 /", "/"),
    (15, "案件列表 /cases/", "/cases/"),
    (8, "案件列表筛选", "/cases/?status=closed"),
    (12, "线索列表 /clues/", "/clues/"),
    (8, "整改台账 /rectifications/", "/rectifications/"),
    (8, "经营主体 /enterprises/", "/enterprises/"),
    (6, "经营主体搜索", "/enterprises/?q=%E5%8D%8E"),
    (6, "回访 /follow-ups/", "/follow-ups/"),
    (5, "API 案件 /api/cases/", "/api/cases/"),
    (5, "API 线索 /api/clues/", "/api/clues/"),
    (4, "API 经营主体", "/api/enterprises"),
    (3, "审计 /audit/", "/audit/"),
]

# Pages only city task forces may open (the audit trail): county accounts skip them instead of
# counting a 403 as an error.
CITY_ONLY = {"/audit/"}


def allowed(account: str, path: str) -> bool:
    return path not in CITY_ONLY or account.startswith("zb")


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_cpu(self, label: str, used: dict[str, float], requests: int) -> None:
        """Server + PostgreSQL CPU seconds per request of this page (one-request mode)."""
        self.cpu[label].append((used["server"] + used["postgres"]) / requests)

    def add(self, label: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times[label].append(seconds)
            if error:
                self.errors[label].append(error)


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def login(self, username: str, password: str) -> None:
        page = self.opener.open(f"{self.base}/login/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            raise RuntimeError("登录页没有 CSRF 字段")
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        answer = self.opener.open(urllib.request.Request(f"{self.base}/login/", data=data), timeout=60)
        if "/login/" in answer.geturl():
            raise RuntimeError(f"{username} 登录失败")

    def get(self, path: str) -> tuple[float, str]:
        started = time.perf_counter()
        try:
            with self.opener.open(f"{self.base}{path}", timeout=60) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as failure:
            status = failure.code
        except OSError as failure:
            return time.perf_counter() - started, f"{type(failure).__name__}"
        elapsed = time.perf_counter() - started
        return elapsed, "" if status == 200 else f"HTTP {status}"


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: str) -> float:
    """Seconds of CPU (user + system) process `pid` has used; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _children(pid: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = stat.read().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        if parent == pid:
            found.append(entry)
    return found


def _pg_backends(database: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                title = cmdline.read().decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found.append(entry)
    return found


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) seconds of every core since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


class CpuMeter:
    """CPU used by the server (master and workers), its PostgreSQL backends and this client."""

    def __init__(self, server_pid: str, database: str) -> None:
        self.server_pid, self.database = server_pid, database

    def _sample(self) -> dict[str, dict[str, float]]:
        server = [self.server_pid, *_children(self.server_pid)]
        return {
            "server": {pid: _proc_cpu(pid) for pid in server},
            "postgres": {pid: _proc_cpu(pid) for pid in _pg_backends(self.database)},
        }

    def start(self) -> None:
        self.before = self._sample()
        self.client_before = time.process_time()
        self.machine_before = _machine_cpu()
        self.wall_before = time.monotonic()

    def stop(self) -> dict[str, float]:
        after = self._sample()
        used = {
            kind: sum(cpu - self.before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())
            for kind in after
        }
        used["client"] = time.process_time() - self.client_before
        busy, total = _machine_cpu()
        used["machine_busy"] = busy - self.machine_before[0]
        used["machine_total"] = total - self.machine_before[1]
        used["wall"] = time.monotonic() - self.wall_before
        return used


def print_cpu(used: dict[str, float], requests: int) -> None:
    if not requests:
        return
    per = {k: used[k] / requests * 1000 for k in ("server", "postgres", "client")}
    total = used["machine_total"]
    ours = (used["server"] + used["postgres"] + used["client"]) / total
    print(
        f"CPU 每请求：服务进程 {per['server']:.1f} ms，PostgreSQL {per['postgres']:.1f} ms，"
        f"压测客户端 {per['client']:.1f} ms；整机 CPU 占用 {used['machine_busy'] / total:.0%}"
        f"（其中本次服务、数据库和客户端 {ours:.0%}；{os.cpu_count()} 核，{used['wall']:.0f} 秒）"
    )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(results: Results, title: str) -> None:
    print(f"\n{title}")
    cpu_column = f" {'cpu ms':>7}" if results.cpu else ""
    print(f"{'page':<28} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}{cpu_column}")
    everything: list[float] = []
    errors = 0
    for _, label, _ in PAGES:
        times = results.times.get(label, [])
        if not times:
            continue
        everything += times
        errors += len(results.errors.get(label, []))
        print(
            f"{label:<28} {len(times):>6} {percentile(times, 50) * 1000:>8.0f} "
            f"{percentile(times, 95) * 1000:>8.0f} {percentile(times, 99) * 1000:>8.0f} "
            f"{len(results.errors.get(label, [])):>7}"
            + (f" {statistics.median(results.cpu[label]) * 1000:>7.1f}" if results.cpu.get(label) else "")
        )
    if everything:
        print(
            f"{'all':<28} {len(everything):>6} {percentile(everything, 50) * 1000:>8.0f} "
            f"{percentile(everything, 95) * 1000:>8.0f} {percentile(everything, 99) * 1000:>8.0f} {errors:>7}"
        )
    for label, messages in results.errors.items():
        print(f"  {label}: {', '.join(sorted(set(messages))[:5])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--password", default="Jiandu#2026demo")
    parser.add_argument(
        "--accounts", default="zb01,zb02,xj410101,zf410101,xj410202,zf410303,xj410505,zf410707"
    )
    parser.add_argument("--single", action="store_true", help="只测每个页面的单次请求(各 5 次)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-pid", default="", help="服务主进程号:另报每请求的服务端 CPU")
    parser.add_argument("--pg-database", default="province", help="计入 CPU 的 PostgreSQL 数据库名")
    args = parser.parse_args()
    if not LOOPBACK.match(args.base):
        print("错误:只允许对本机回环地址压测(127.0.0.1、localhost、[::1])。", file=sys.stderr)
        return 2
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600:
        print("错误:用户数须在 1–200 之间,时长须在 1–600 秒之间。", file=sys.stderr)
        return 2
    accounts = args.accounts.split(",")

    meter = CpuMeter(args.server_pid, args.pg_database) if args.server_pid.isdigit() else None
    if args.single:
        results = Results()
        for account in accounts[:4]:
            session = Session(args.base)
            session.login(account, args.password)
            for _, label, path in PAGES:
                if not allowed(account, path):
                    continue
                session.get(path)  # warm
                if meter:
                    meter.start()
                for _ in range(5):
                    elapsed, error = session.get(path)
                    results.add(label, elapsed, error)
                if meter:
                    results.add_cpu(label, meter.stop(), 5)
        report(results, f"单次请求(账号 {', '.join(accounts[:4])},每页每账号 5 次)")
        return 0

    results = Results()
    weights = [w for w, _, _ in PAGES]
    # Log every user in before the clock starts: a login hashes a password on purpose (slowly), and
    # 50 at once would measure the hasher, not the pages. A failed login counts as an error.
    sessions: list[Session | None] = []
    for number in range(args.users):
        session = Session(args.base)
        try:
            session.login(accounts[number % len(accounts)], args.password)
            sessions.append(session)
        except Exception as failure:
            results.add("工作台 /", 0.0, f"登录失败:{failure}")
            sessions.append(None)
    deadline = time.monotonic() + args.seconds

    def user(number: int) -> None:
        rng = random.Random(args.seed * 1000 + number)
        session = sessions[number]
        if session is None:
            return
        time.sleep(rng.random() * args.think)
        while time.monotonic() < deadline:
            _, label, path = rng.choices(PAGES, weights=weights)[0]
            if not allowed(accounts[number % len(accounts)], path):
                continue
            elapsed, error = session.get(path)
            results.add(label, elapsed, error)
            time.sleep(args.think)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
    if meter:
        meter.start()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 120)
    total = sum(len(v) for v in results.times.values())
    report(
        results,
        f"{args.users} 个并发用户,思考时间 {args.think} 秒,{time.monotonic() - started:.0f} 秒,"
        f"共 {total} 个请求({total / max(1.0, time.monotonic() - started):.1f} 个/秒)",
    )
    all_times = [t for v in results.times.values() for t in v]
    if all_times:
        print(f"平均 {statistics.mean(all_times) * 1000:.0f} ms")
    if meter:
        print_cpu(meter.stop(), total)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
