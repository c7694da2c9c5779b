from django.urls import path

from jiandu.clues import views

urlpatterns = [
    path("clues/", views.clue_list, name="clue_list"),
    path("clues/new/", views.clue_create, name="clue_create"),
    path("clues/import/", views.clue_import, name="clue_import"),
    path("clues/import/<int:pk>/", views.clue_import_job, name="clue_import_job"),
    path("clues/import/<int:pk>/cancel/", views.clue_import_cancel, name="clue_import_cancel"),
    path("clues/import/<int:pk>/retry/", views.clue_import_retry, name="clue_import_retry"),
    path("clues/import/email/", views.email_import, name="clue_email_import"),
    path("clues/problems/", views.problem_list, name="problem_list"),
    path("clues/attachments/<int:pk>/", views.attachment_download, name="clue_attachment"),
    path("clues/<int:pk>/", views.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/public-reply/", views.clue_public_reply, name="clue_public_reply"),
    path("clues/<int:pk>/triage/", views.clue_triage, name="clue_triage"),
    path("clues/<int:pk>/accept/", views.clue_accept, name="clue_accept"),
    path("clues/<int:pk>/consult/", views.clue_consult, name="clue_consult"),
    path("clues/<int:pk>/opinion/", views.clue_opinion, name="clue_opinion"),
    path("clues/<int:pk>/judicial/", views.clue_judicial_request, name="clue_judicial_request"),
    path("clues/<int:pk>/judicial/answer/", views.clue_judicial_answer, name="clue_judicial_answer"),
    path("clues/<int:pk>/assess/", views.clue_assess, name="clue_assess"),
    path("clues/<int:pk>/refer/", views.clue_refer, name="clue_refer"),
    path("clues/<int:pk>/close/", views.clue_close, name="clue_close"),
]
