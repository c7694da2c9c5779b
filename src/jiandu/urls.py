from django.urls import include, path

from jiandu.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("jiandu.web.urls")),
]
