from django.urls import path

from jiandu.clues import public_views

urlpatterns = [
    path("", public_views.mailbox, name="public_mailbox"),
    path("status/", public_views.mailbox_status, name="public_mailbox_status"),
]
