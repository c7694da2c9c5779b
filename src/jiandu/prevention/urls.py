from django.urls import path

from jiandu.prevention import views

urlpatterns = [
    path("prevention/", views.hotspot_list, name="prevention_hotspots"),
    path("prevention/hotspots/refresh/", views.hotspot_refresh, name="prevention_hotspot_refresh"),
    path("prevention/hotspots/<int:pk>/", views.hotspot_detail, name="prevention_hotspot"),
    path("prevention/hotspots/<int:pk>/warn/", views.hotspot_warn, name="prevention_hotspot_warn"),
    path("prevention/imports/", views.import_upload, name="prevention_import_upload"),
    path("prevention/imports/start/", views.import_start, name="prevention_import_start"),
    path("prevention/imports/<int:pk>/", views.import_detail, name="prevention_import"),
    path("prevention/warnings/", views.warning_list, name="prevention_warnings"),
    path("prevention/warnings/evaluation/", views.evaluation, name="prevention_evaluation"),
    path("prevention/warnings/<int:pk>/", views.warning_detail, name="prevention_warning"),
    path("prevention/warnings/<int:pk>/submit/", views.warning_submit, name="prevention_warning_submit"),
    path("prevention/warnings/<int:pk>/review/", views.warning_review, name="prevention_warning_review"),
    path("prevention/warnings/<int:pk>/publish/", views.warning_publish, name="prevention_warning_publish"),
    path("prevention/warnings/<int:pk>/close/", views.warning_close, name="prevention_warning_close"),
    path("prevention/warnings/<int:pk>/letters/", views.warning_letters, name="prevention_warning_letters"),
    path(
        "prevention/warnings/<int:pk>/letters.<str:fmt>",
        views.letters_bundle,
        name="prevention_letters_bundle",
    ),
    path("prevention/letters/<int:pk>.docx", views.letter_docx, name="prevention_letter_docx"),
    path("prevention/letters/<int:pk>/deliver/", views.letter_deliver, name="prevention_letter_deliver"),
    path("prevention/reminders/", views.reminder_list, name="prevention_reminders"),
    path("prevention/reminders/<int:pk>/check/", views.reminder_check, name="prevention_reminder_check"),
    path("prevention/reminders/<int:pk>.docx", views.reminder_docx, name="prevention_reminder_docx"),
    path("prevention/guides/", views.guide_list, name="prevention_guides"),
    path("prevention/guides/<int:pk>/", views.guide_detail, name="prevention_guide"),
    path("prevention/education/", views.education_current, name="prevention_education_current"),
    path("prevention/education/<int:year>/", views.education_year, name="prevention_education"),
    path(
        "prevention/education/activities/<int:pk>/record/",
        views.activity_record,
        name="prevention_activity_record",
    ),
]
