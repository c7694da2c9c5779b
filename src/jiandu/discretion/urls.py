from django.urls import path

from jiandu.discretion import views

urlpatterns = [
    path("discretion/", views.catalogue, name="discretion_catalogue"),
    path("discretion/items/<str:code>/", views.item_detail, name="discretion_item"),
    path("discretion/exemptions/", views.exemptions, name="discretion_exemptions"),
    path("discretion/check/", views.check, name="discretion_check"),
    path("discretion/versions/", views.versions, name="discretion_versions"),
    path("discretion/versions/<int:pk>/", views.version_detail, name="discretion_version"),
    path("discretion/versions/<int:pk>/items/<str:code>/edit/", views.item_edit, name="discretion_item_edit"),
    path("discretion/versions/<int:pk>/publish/", views.version_publish, name="discretion_version_publish"),
    path("discretion/versions/<int:pk>/window/", views.version_window, name="discretion_version_window"),
    path(
        "discretion/versions/<int:pk>/exemptions/<str:code>/edit/",
        views.exemption_edit,
        name="discretion_exemption_edit",
    ),
]
