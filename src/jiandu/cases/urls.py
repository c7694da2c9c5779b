from django.urls import path

from jiandu.cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/actions/<slug:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/documents/<slug:kind>/", views.case_document, name="case_document"),
    path("credit-repairs/", views.repair_list, name="repair_list"),
    path("credit-repairs/<int:pk>/", views.repair_detail, name="repair_detail"),
]
