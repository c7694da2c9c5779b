"""Public pages (no login): credit-repair application and status lookup."""

from django.urls import path

from jiandu.cases import public_views

urlpatterns = [
    path("", public_views.repair_apply, name="public_repair_apply"),
    path("status/", public_views.repair_status, name="public_repair_status"),
]
