from django.urls import include, path

from jiandu.api import api

# Each app mounts its own staff pages (with their own path prefixes); public pages live under /public/.
urlpatterns = [
    path("api/", api.urls),
    path("", include("jiandu.ops.urls")),
    path("public/", include("jiandu.public.urls")),
    path("", include("jiandu.clues.urls")),
    path("", include("jiandu.rectify.urls")),
    path("", include("jiandu.cases.urls")),
    path("", include("jiandu.inspections.urls")),
    path("", include("jiandu.reviews.urls")),
    path("", include("jiandu.discretion.urls")),
    path("", include("jiandu.library.urls")),
    path("", include("jiandu.reports.urls")),
    path("", include("jiandu.analysis.urls")),
    path("", include("jiandu.prevention.urls")),
    path("", include("jiandu.service.urls")),
    path("", include("jiandu.oversight.urls")),
    path("", include("jiandu.org.urls")),
    path("", include("jiandu.web.urls")),
]
