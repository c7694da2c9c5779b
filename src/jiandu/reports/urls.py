from django.urls import path

from jiandu.reports import views

urlpatterns = [
    path("reports/", views.reports_board, name="reports_board"),
    path("reports/items/<int:item_pk>/start/", views.submission_start, name="reports_start"),
    path("reports/items/<int:item_pk>/rollup/", views.rollup, name="reports_rollup"),
    path("reports/submissions/<int:pk>/", views.submission_detail, name="reports_submission"),
    path("reports/submissions/<int:pk>/file/", views.submission_download, name="reports_submission_file"),
    path(
        "reports/submissions/<int:pk>/<str:action>/",
        views.submission_action,
        name="reports_submission_action",
    ),
    path("reports/lists/", views.lists, name="reports_lists"),
    path("reports/practices/new/", views.practice_create, name="reports_practice_create"),
    path("reports/practices/<int:pk>/select/", views.practice_select, name="reports_practice_select"),
    path("reports/suggestions/new/", views.suggestion_create, name="reports_suggestion_create"),
    path("reports/suggestions/<int:pk>/answer/", views.suggestion_answer, name="reports_suggestion_answer"),
    path("reports/law-suggestions/new/", views.law_suggestion_create, name="reports_law_create"),
    path("reports/indicators/", views.indicators, name="reports_indicators"),
    path("reports/reminders/<int:pk>/read/", views.reminder_read, name="reports_reminder_read"),
]
