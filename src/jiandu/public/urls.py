"""Public pages, no login: each app adds its own public_urls module here."""

from django.urls import include, path

urlpatterns = [
    path("mailbox/", include("jiandu.clues.public_urls")),
    path("inspections/", include("jiandu.inspections.public_urls")),
    path("credit-repair/", include("jiandu.cases.public_urls")),
    path("", include("jiandu.prevention.public_urls")),
    path("firm/", include("jiandu.service.public_urls")),
    path("oversight/", include("jiandu.oversight.public_urls")),
]
_ = include, path
