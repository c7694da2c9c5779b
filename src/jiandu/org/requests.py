"""The request type of views and API handlers that require a signed-in staff user."""

from django.http import HttpRequest

from jiandu.org.models import User


class AuthedRequest(HttpRequest):
    user: User
