"""Input checks in front of every view, and JSON errors for every /api/ request.

`InputMiddleware` looks at what arrives before any view or ninja operation sees it:

* a JSON body (any path) must be UTF-8, parse, nest at most `MAX_DEPTH` levels and hold no NaN or
  Infinity; no string in it (key or value) may carry a control character or a lone surrogate
  (`jiandu.bounds.CONTROL`). A refusal is a JSON 400/422 whose Chinese `detail` names the field.
* query parameters of /api/ requests are held to the same rule (422); on pages, query and form values
  are stripped of control characters instead (a pasted text keeps its visible content).

`ApiJsonMiddleware` makes sure an /api/ request never gets an HTML answer: Django's own 404 (no such
route), 405 (ninja's "method not allowed"), 400 (a body too large, a bad header) and any uncaught
exception (500, logged with the request id) come back as `{"detail": "<中文说明>"}`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict

from jiandu.bounds import clean_text, has_control

logger = logging.getLogger("jiandu.requests")

MAX_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
STATUS_TEXT = {
    400: "请求格式不正确",
    401: "请先登录或提供有效令牌",
    403: "无权访问",
    404: "接口或对象不存在",
    405: "该接口不支持此请求方法",
    413: "请求内容过大",
    415: "不支持的内容类型",
    500: "服务器内部错误，已记录，请稍后重试或联系管理员",
}


class InputRefused(Exception):
    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field

    def response(self) -> JsonResponse:
        body: dict[str, Any] = {"detail": self.message}
        if self.field:
            body["field"] = self.field
        return JsonResponse(body, status=self.status, json_dumps_params={"ensure_ascii": False})


def _refuse_constant(name: str) -> Any:
    raise InputRefused(422, f"不接受数值 {name}（非数字或无穷大），请填写有限的数字。")


def check_json(body: bytes) -> None:
    """Refuse a JSON body that is malformed, too deep, holds NaN/Infinity or control characters."""
    if not body.strip():
        return
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRefused(400, "请求内容不是有效的 UTF-8 编码 JSON。") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise InputRefused(400, f"JSON 嵌套层数过多（最多 {MAX_DEPTH} 层）。") from None
    except ValueError as error:
        raise InputRefused(400, f"请求内容不是有效的 JSON：{error}。") from None
    _walk(data, "", 0)


def _walk(value: Any, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InputRefused(400, f"JSON 嵌套层数过多（最多 {MAX_DEPTH} 层）。", path or None)
    if isinstance(value, str):
        if has_control(value):
            raise _control(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control(str(key)):
                raise _control(path or "（字段名）")
            _walk(item, where, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1)


def _control(field: str) -> InputRefused:
    return InputRefused(422, f"「{field}」含有不可见的控制字符或无效字符，请删除后重试。", field or None)


def _clean_querydict(data: QueryDict) -> QueryDict | None:
    """A copy of `data` with control characters stripped, or None when nothing needed stripping."""
    if not any(has_control(k) or any(has_control(v) for v in vs) for k, vs in data.lists()):
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class InputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self.check(request)
        except InputRefused as refused:
            return refused.response()
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        api = request.path.startswith("/api/")
        if api:
            for key, values in request.GET.lists():
                if has_control(key) or any(has_control(v) for v in values):
                    raise _control(clean_text(key))
        else:
            cleaned = _clean_querydict(request.GET)
            if cleaned is not None:
                request.GET = cleaned  # type: ignore[assignment]
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            if content_type.endswith("json"):
                check_json(request.body)
            elif content_type in FORM_TYPES:
                post = request.POST
                if api:
                    for key, values in post.lists():
                        if has_control(key) or any(has_control(v) for v in values):
                            raise _control(clean_text(key))
                else:
                    cleaned = _clean_querydict(post)
                    if cleaned is not None:
                        request._post = cleaned  # type: ignore[attr-defined]


class ApiJsonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if request.path.startswith("/api/docs") and response.status_code < 500:
            return response
        status = response.status_code
        replaced = JsonResponse(
            {"detail": STATUS_TEXT.get(status, STATUS_TEXT[500] if status >= 500 else "请求未被接受")},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
        if "Allow" in response:
            replaced["Allow"] = response["Allow"]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, DataError):  # a value longer or larger than its column (PostgreSQL)
            logger.warning("API 请求的值超出数据库字段范围：%s %s", request.method, request.path)
            return JsonResponse(
                {"detail": "提交的内容超过字段允许的长度或数值范围，请缩短或更正后重试。"},
                status=422,
                json_dumps_params={"ensure_ascii": False},
            )
        logger.exception("API 请求出错：%s %s", request.method, request.path)
        return JsonResponse(
            {"detail": STATUS_TEXT[500]}, status=500, json_dumps_params={"ensure_ascii": False}
        )


# --- Chinese messages for the API's 422 (pydantic's validation errors) -----------------------------

_MESSAGES = {
    "missing": "必须填写",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "decimal_max_digits": "数字位数过多（最多 {max_digits} 位）",
    "decimal_whole_digits": "整数部分位数过多（最多 {whole_digits} 位）",
    "decimal_max_places": "小数位数过多（最多 {decimal_places} 位）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为是或否（true/false）",
    "bool_type": "应为是或否（true/false）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "literal_error": "取值无效，可选：{expected}",
    "enum": "取值无效，可选：{expected}",
    "value_error": "{error}",
    "json_invalid": "不是有效的 JSON",
    "int_too_big": "数值过大",
}


def _label(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "form", "file")]
    return ".".join(parts) or "请求"


def chinese_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The API's 422 body: a Chinese `detail` naming the first wrong field, and one line per error."""
    lines = []
    for error in errors:
        template = _MESSAGES.get(str(error.get("type")), "取值无效")
        context = {k: v for k, v in (error.get("ctx") or {}).items()}
        if "error" in context:
            context["error"] = str(context["error"]).removeprefix("Value error, ")
        try:
            message = template.format(**context)
        except (KeyError, IndexError):
            message = "取值无效"
        field = _label(error.get("loc", ()))
        lines.append({"field": field, "message": message})
    if not lines:
        return {"detail": "请求内容无效"}
    first = lines[0]
    return {"detail": f"「{first['field']}」{first['message']}", "field": first["field"], "errors": lines}
