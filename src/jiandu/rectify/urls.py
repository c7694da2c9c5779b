from django.urls import path

from jiandu.rectify import views

urlpatterns = [
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/new/<int:clue_pk>/", views.rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/evidence/", views.rectification_evidence, name="rectification_evidence"),
    path("rectifications/<int:pk>/complete/", views.rectification_complete, name="rectification_complete"),
    path("rectifications/<int:pk>/supervise/", views.rectification_supervise, name="rectification_supervise"),
    path("rectifications/evidence/<int:pk>/", views.evidence_download, name="rectification_evidence_file"),
]
