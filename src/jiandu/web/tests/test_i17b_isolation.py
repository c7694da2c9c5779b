"""Generated isolation test: every route and API operation that takes an object id or a USCC, asked
by four personas for the objects of another county, is refused and shows none of their data.

The routes come from the URL resolver (staff pages) and the ninja OpenAPI schema (API operations), so a
new route is covered without anyone listing it. Every object in the database belongs to the east county;
the personas all sit outside it (an officer, a supervisor and the bureau of the west county, and a
business-unit user of a west unit), so any id that resolves is a foreign object.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.clues.models import Channel, ClueImport
from jiandu.clues.tests.factories import ClueFactory, UnitFactory
from jiandu.library.tests.factories import TypicalCaseFactory
from jiandu.org.models import EnterpriseImport, Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
from jiandu.prevention.models import ComplaintImport, ComplaintSource

# ids start at 1 on every database (PostgreSQL keeps sequences across rolled-back tests otherwise), so
# the ids asked for are the foreign objects' own
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

IDS = (1, 2, 3)
ALLOWED = {302, 400, 403, 404, 405, 409, 422, 429}  # refused; a redirect is followed once and checked
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP_PREFIXES = ("public/", "api/", "static/", "media/", "login/", "logout/", "ops/", "healthz")


def _patterns(patterns, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def page_routes() -> list[str]:
    routes = []
    for route in sorted(set(_patterns(get_resolver().url_patterns))):
        if route.startswith(SKIP_PREFIXES) or not CONVERTER.search(route) or route.startswith("^"):
            continue
        routes.append(route)
    return routes


def _fill_page(route: str, value: int, uscc: str, text: str) -> str:
    def one(match: re.Match[str]) -> str:
        kind, name = match.group(1) or "str", match.group(2)
        if kind == "int":
            return str(value)
        if "uscc" in name:
            return uscc
        return text

    return "/" + CONVERTER.sub(one, route)


def api_operations(client) -> list[tuple[str, str, list[dict]]]:
    schema = client.get("/api/openapi.json").json()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            params = [p for p in operation.get("parameters", []) if p.get("in") == "path"]
            if params and operation.get("security") != []:
                found.append((method.upper(), path, params))
    return found


def _fill_api(path: str, params: list[dict], value: int, uscc: str, text: str) -> str:
    for param in params:
        name = param["name"]
        kind = param.get("schema", {}).get("type", "string")
        filled = str(value) if kind == "integer" else uscc if "uscc" in name else text
        path = path.replace("{" + name + "}", filled)
    return path


@pytest.fixture
def foreign(city):
    """Objects of the east county, with the strings that must never reach the personas."""
    firms = [EnterpriseFactory(region=city.east) for _ in range(3)]
    clues = [
        ClueFactory(
            region=city.east, enterprise=firms[0], reporter_name="东城举报人王五", summary=f"东城线索内容{i}"
        )
        for i in range(3)
    ]
    cases = [
        PenaltyCaseFactory(enterprise=firm, decision_number=f"东市监处罚〔2026〕{i}号")
        for i, firm in enumerate(firms)
    ]
    typical = [TypicalCaseFactory(region=city.east, title=f"东城典型案例{i}") for i in range(2)]
    importer = UserFactory(username="dong_daoru", role=Role.COUNTY_BUREAU, region=city.east)
    imports = []
    for i in range(3):  # the background import jobs of the east county (pages, API, progress, cancel)
        common = {
            "filename": f"东城导入文件{i}.csv",
            "stored_name": f"east-{i}.csv",
            "region": city.east,
            "created_by": importer,
            "message": f"东城导入结果{i}",
            "errors": [{"row": 2, "field": "企业名称", "message": f"东城导入错误{i}"}],
        }
        ClueImport.objects.create(channel=Channel.HOTLINE_12345, **common)
        EnterpriseImport.objects.create(**common)
        ComplaintImport.objects.create(source=ComplaintSource.values[0], **common)
        imports += [common["filename"], common["message"], f"东城导入错误{i}"]
    markers = (
        [f.name for f in firms] + [f.uscc for f in firms] + [c.summary for c in clues] + ["东城举报人王五"]
    )
    markers += [c.decision_number for c in cases] + [t.title for t in typical] + imports
    first = [m.objects.order_by("pk").values_list("pk", flat=True)[0] for m in (ClueImport, EnterpriseImport)]
    assert [*first, firms[0].pk] == [IDS[0]] * 3
    return firms, markers


@pytest.fixture
def personas(city):
    west_unit = UnitFactory(name="西城区某科室", region=city.west)
    return {
        "other county officer": city.outsider,
        "supervisor": UserFactory(username="xi_jiandu", role=Role.SUPERVISOR, region=city.west),
        "business unit": UserFactory(
            username="xi_keshi", role=Role.BUSINESS_UNIT, region=city.west, unit=west_unit
        ),
        # the west county bureau may import and see import jobs: only scope keeps the east's from it
        "other county bureau": UserFactory(username="xi_xianju", role=Role.COUNTY_BUREAU, region=city.west),
    }


def _check(response, markers: list[str], client=None) -> str:
    status = response.status_code
    if status not in ALLOWED and not (
        status == 200 and response.get("Content-Type", "").startswith("text/html")
    ):
        return f"状态 {status}"
    if status == 302 and client is not None:
        location = response.get("Location", "")
        if not location.startswith("/"):
            return f"跳转到站外 {location}"
        return _check(client.get(location), markers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    leaked = [m for m in markers if m in text]
    return f"泄露 {leaked[:3]}" if leaked else ""


def test_no_route_gives_a_foreign_object_to_any_persona(client, city, foreign, personas):
    firms, markers = foreign
    uscc = firms[0].uscc
    client.force_login(city.task_force)
    operations = api_operations(client)
    routes = page_routes()
    assert len(routes) >= 40 and len(operations) >= 60  # the generator found the routes, not a few
    problems: list[str] = []
    requests = 0
    for persona, user in personas.items():
        client.force_login(user)
        for route in routes:
            for value in IDS:
                url = _fill_page(route, value, uscc, "东市监处罚〔2026〕0号")
                for method in ("get", "post"):
                    cache.clear()
                    response = getattr(client, method)(url)
                    requests += 1
                    if problem := _check(response, markers, client):
                        problems.append(f"{persona} {method.upper()} {url}: {problem}")
        for method, path, params in operations:
            for value in IDS:
                url = _fill_api(path, params, value, uscc, "东市监处罚〔2026〕0号")
                cache.clear()
                response = client.generic(method, url, "{}", content_type="application/json")
                requests += 1
                if response.status_code == 200 and method == "GET" and not _leaks(response, markers):
                    continue  # e.g. a list of the persona's own (empty) scope
                if problem := _check(response, markers, client):
                    problems.append(f"{persona} {method} {url}: {problem}")
    print(f"isolation: {len(routes)} page routes, {len(operations)} API operations, {len(personas)} personas")
    print(f"isolation: {requests} requests, {len(problems)} problems")
    assert problems == []


def _leaks(response, markers: list[str]) -> bool:
    text = response.content.decode("utf-8", "replace")
    return any(m in text for m in markers)
