from django.urls import path

from jiandu.analysis import views

urlpatterns = [
    path("key-counties/", views.key_county_board, name="key_county_board"),
    path("key-counties/add/", views.key_county_add, name="key_county_add"),
    path("key-counties/<int:pk>/remove/", views.key_county_remove, name="key_county_remove"),
    path("counties/<str:code>/", views.county_profile, name="county_profile"),
    path("counties/<str:code>/cases/<slug:signal>/", views.county_signal_cases, name="county_signal_cases"),
    path("problem-models/", views.problem_model_list, name="problem_model_list"),
    path("problem-models/run/", views.problem_model_run, name="problem_model_run"),
    path("problem-models/<slug:code>/toggle/", views.problem_model_toggle, name="problem_model_toggle"),
    path("problem-models/hits/", views.model_hit_list, name="model_hit_list"),
    path(
        "problem-models/hits/<int:pk>/false-positive/",
        views.model_hit_false_positive,
        name="model_hit_false_positive",
    ),
]
