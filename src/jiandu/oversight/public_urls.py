from django.urls import path

from jiandu.oversight import public_views

urlpatterns = [
    path("warning-cases/", public_views.warning_cases, name="public_warning_cases"),
    path("enforcement/", public_views.enforcement, name="public_enforcement"),
]
