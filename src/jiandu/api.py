"""The REST API root at /api/ (OpenAPI docs at /api/docs). Each app adds its router here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from jiandu.analysis.api import router as analysis_router
from jiandu.audit.api import router as audit_router
from jiandu.cases.api import router as cases_router
from jiandu.clues.api import router as clues_router
from jiandu.discretion.api import router as discretion_router
from jiandu.errors import UserError
from jiandu.inspections.api import router as inspections_router
from jiandu.library.api import router as library_router
from jiandu.ops.hardening import chinese_errors
from jiandu.org.api import router as org_router
from jiandu.org.auth import API_AUTH
from jiandu.oversight.api import router as oversight_router
from jiandu.prevention.api import router as prevention_router
from jiandu.public.api import router as public_router
from jiandu.rectify.api import router as rectify_router
from jiandu.reports.api import router as reports_router
from jiandu.reviews.api import router as reviews_router
from jiandu.service.api import record_router as service_record_router
from jiandu.service.api import router as service_router

api = NinjaAPI(
    title="监督 Jiandu API",
    version="1",
    description="市场监管涉企执法监督平台接口。认证：浏览器会话（需 CSRF）或 Authorization: Bearer <令牌>。",
    urls_namespace="api",
    auth=API_AUTH,
    docs_decorator=login_required,  # the docs and the schema are for signed-in staff only
)
api.add_router("/", org_router)
api.add_router("/audit", audit_router)
api.add_router("/clues", clues_router)
api.add_router("/rectifications", rectify_router)
api.add_router("/cases", cases_router)
api.add_router("/inspections", inspections_router)
api.add_router("/reviews", reviews_router)
api.add_router("/discretion", discretion_router)
api.add_router("/library", library_router)
api.add_router("/reports", reports_router)
api.add_router("/analysis", analysis_router)
api.add_router("/public", public_router)
api.add_router("/prevention", prevention_router)
api.add_router("/service", service_router)
api.add_router("/enterprises", service_record_router)
api.add_router("/oversight", oversight_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(UserError)
def user_error(request: HttpRequest, exc: UserError) -> HttpResponse:
    """A refusal or bad input from a service: 400 with the Chinese message and the field it concerns."""
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Input outside the schema (jiandu.bounds): 422 with a Chinese message naming the field."""
    return api.create_response(request, chinese_errors(list(exc.errors)), status=422)
