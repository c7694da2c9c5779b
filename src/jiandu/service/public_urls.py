from django.urls import path

from jiandu.service import public_views

urlpatterns = [
    path("record/", public_views.firm_record_page, name="public_firm_record"),
    path("survey/<str:code>/", public_views.survey_page, name="public_survey"),
]
