from django.urls import path

from jiandu.inspections import views

urlpatterns = [
    path("inspections/", views.plan_list, name="inspection_plan_list"),
    path("inspections/new/", views.plan_create, name="inspection_plan_create"),
    path("inspections/<int:pk>/", views.plan_detail, name="inspection_plan_detail"),
    path("inspections/<int:pk>/rules/", views.plan_rules, name="inspection_plan_rules"),
    path("inspections/<int:pk>/commit/", views.plan_commit, name="inspection_plan_commit"),
    path("inspections/<int:pk>/draw/", views.plan_draw, name="inspection_plan_draw"),
    path("inspections/<int:pk>/assign/", views.plan_assign, name="inspection_plan_assign"),
    path("inspections/<int:pk>/publish/", views.plan_publish, name="inspection_plan_publish"),
    path("inspections/visits/<int:pk>/result/", views.inspection_result, name="inspection_result"),
    path("inspections/visits/new/", views.inspection_record, name="inspection_record"),
    path("inspections/items/", views.item_list, name="inspection_item_list"),
    path("inspections/inspectors/", views.inspector_list, name="inspection_inspector_list"),
    path("inspections/guidance/", views.guidance_list, name="inspection_guidance_list"),
    path(
        "inspections/guidance/<int:pk>/follow-up/",
        views.guidance_follow_up,
        name="inspection_guidance_follow_up",
    ),
]
