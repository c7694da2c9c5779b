"""Production features as real processes on loopback: Redis cache and queue, the worker, two web
processes sharing one index, and a backup round trip. The database is a scratch one of the suite's
vendor (SQLite file or a new PostgreSQL database); Redis is the machine's (CI fails without it)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from jiandu.ops.tests.services import environment, jiandu, require_redis, scratch_database, web_process

PASSWORD = "Proc#2026-test"

SETUP = f"""
from jiandu.org.domains import ensure_domains
from jiandu.org.models import Region, RegionLevel, Role, User
ensure_domains()
province = Region.objects.create(code="410000", name="河南省", level=RegionLevel.PROVINCE)
city = Region.objects.create(code="411800", name="中原市", level=RegionLevel.CITY, parent=province)
user = User.objects.create_user(username="zhuanban", password="{PASSWORD}", role=Role.TASK_FORCE, region=city)
"""


@pytest.fixture
def scratch_db(tmp_path: Path, db):
    yield from scratch_database(tmp_path)


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str, password: str) -> None:
        page = self.opener.open(f"{self.base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "登录页没有 CSRF 字段"
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        self.opener.open(urllib.request.Request(f"{self.base}/login/", data=form, method="POST"))
        assert any(c.name == "sessionid" for c in self.jar), "登录失败"

    def post_json(self, path: str, payload: dict[str, object]) -> dict[str, object]:
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self._csrf()},
        )
        result: dict[str, object] = json.loads(self.opener.open(request).read())
        return result

    def get_json(self, path: str) -> dict[str, object]:
        result: dict[str, object] = json.loads(self.opener.open(f"{self.base}{path}").read())
        return result


def test_a_case_written_through_one_web_process_is_found_through_the_other(tmp_path, scratch_db):
    redis_url = require_redis()
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = environment(tmp_path, scratch_db, REDIS_URL=redis_url, JIANDU_CACHE_PREFIX=uuid.uuid4().hex)
    jiandu(env, "manage", "migrate", "-v0")
    jiandu(env, "manage", "shell", "-c", SETUP)

    with web_process(env) as first, web_process(env) as second:
        health = json.loads(urllib.request.urlopen(f"{second}/healthz").read())
        assert health["checks"]["queue"]["ok"] and health["checks"]["queue"]["detail"].startswith("rq")
        writer = Browser(first)
        writer.login("zhuanban", PASSWORD)
        created = writer.post_json(
            "/api/library/typical",
            {
                "title": "某超市销售过期乳制品案",
                "region_code": "411800",
                "domain_code": "food",
                "violation": "经营超过保质期的食品",
                "facts": "当事人货架上陈列超过保质期的酸奶十二盒",
                "decided_on": "2026-05-12",
                "fine": "50000",
            },
        )
        assert created["title"] == "某超市销售过期乳制品案"

        reader = Browser(second)
        reader.login("zhuanban", PASSWORD)
        query = "/api/library/search?q=" + urllib.parse.quote("酸奶")
        # The web processes only enqueued: nothing is in the index until the worker runs.
        assert reader.get_json(query)["total"] == 0
        from rq import Queue

        queued = Queue("default", connection=redis.Redis.from_url(redis_url)).jobs
        assert [job.func_name for job in queued].count("jiandu.library.tasks.apply_index_changes") == 1

        jiandu(env, "worker", "--burst", timeout=120)
        found = reader.get_json(query)
        assert found["total"] == 1
        assert "酸奶" in json.dumps(found, ensure_ascii=False)
        # The other web process, which wrote it, reads the same index.
        assert writer.get_json(query)["total"] == 1


def test_rate_limit_counts_are_shared_by_every_web_process(tmp_path, scratch_db):
    redis_url = require_redis()
    env = environment(tmp_path, scratch_db, REDIS_URL=redis_url, JIANDU_CACHE_PREFIX=uuid.uuid4().hex)
    jiandu(env, "manage", "migrate", "-v0")
    statuses = []
    with web_process(env) as first, web_process(env) as second:
        for n in range(32):
            base = (first, second)[n % 2]
            try:
                urllib.request.urlopen(f"{base}/public/mailbox/status/?code=NOPE{n:04d}")
                statuses.append(200)
            except urllib.error.HTTPError as answer:
                statuses.append(answer.code)
    # 30 status look-ups per 10 minutes per address (clues.ratelimit), counted across both processes.
    assert 429 in statuses
    assert statuses.index(429) == 30


def test_backup_and_restore_round_trip(tmp_path, scratch_db):
    env = environment(tmp_path, scratch_db)
    jiandu(env, "manage", "migrate", "-v0")
    jiandu(env, "manage", "shell", "-c", SETUP)
    media = tmp_path / "var" / "media" / "evidence"
    media.mkdir(parents=True)
    (media / "整改照片.txt").write_text("整改前后对比", encoding="utf-8")

    out = jiandu(env, "backup", str(tmp_path / "backups"))
    assert "备份已写入" in out
    folder = next((tmp_path / "backups").glob("jiandu-backup-*"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["migrations"]["org"].startswith("00")
    assert set(manifest["files"]) >= {"media.tar", "index.tar"}

    # Lose data and files after the backup.
    jiandu(env, "manage", "shell", "-c", "from jiandu.org.models import User; User.objects.all().delete()")
    (media / "整改照片.txt").unlink()

    assert "备份完整" in jiandu(env, "restore", "--check", str(folder))
    assert "已从" in jiandu(env, "restore", "--yes", str(folder))
    count = jiandu(
        env, "manage", "shell", "-c", "from jiandu.org.models import User; print(User.objects.count())"
    )
    assert count.strip().splitlines()[-1] == "1"
    assert (media / "整改照片.txt").read_text(encoding="utf-8") == "整改前后对比"

    # A tampered backup is refused before anything is touched.
    with (folder / "media.tar").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(AssertionError, match="校验和与清单不符"):
        jiandu(env, "restore", "--yes", str(folder))
