from django.urls import path

from jiandu.library import views

urlpatterns = [
    path("library/", views.search, name="library_search"),
    path("library/similar/", views.similar_check, name="library_similar"),
    path("library/index/rebuild/", views.index_rebuild, name="library_index_rebuild"),
    path("library/typical/", views.typical_list, name="library_typical_list"),
    path("library/typical/new/", views.typical_edit, name="library_typical_create"),
    path("library/typical/<int:pk>/", views.typical_detail, name="library_typical_detail"),
    path("library/typical/<int:pk>/edit/", views.typical_edit, name="library_typical_edit"),
    path("library/typical/<int:pk>/delete/", views.typical_delete, name="library_typical_delete"),
]
