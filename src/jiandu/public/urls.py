"""Public pages, no login: each app adds its own public_urls module here."""

from django.urls import include, path

urlpatterns: list = [
    # path("mailbox/", include("jiandu.clues.public_urls")),
]
_ = include, path
