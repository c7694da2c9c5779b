from django.urls import path

from jiandu.inspections import public_views

urlpatterns = [
    path("", public_views.plan_list, name="public_inspection_list"),
    path("verify/", public_views.verify_draw, name="public_inspection_verify"),
    path("reference_draw.py", public_views.reference_script, name="public_inspection_reference"),
    path("<str:number>/", public_views.plan_detail, name="public_inspection_detail"),
    path("<str:number>/candidates.csv", public_views.candidates_csv, name="public_inspection_candidates"),
    path("<str:number>/exclude.txt", public_views.exclude_txt, name="public_inspection_exclude"),
    path("<str:number>/result.json", public_views.result_json, name="public_inspection_result"),
]
