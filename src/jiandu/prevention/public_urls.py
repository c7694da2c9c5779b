from django.urls import path

from jiandu.prevention import public_views

urlpatterns = [
    path("guides/", public_views.guide_list, name="public_guides"),
    path("guides/<int:pk>/", public_views.guide_detail, name="public_guide"),
    path("warnings/", public_views.warning_list, name="public_warnings"),
    path("warnings/<int:pk>/", public_views.warning_detail, name="public_warning"),
]
