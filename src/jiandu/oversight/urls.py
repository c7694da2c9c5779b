from django.urls import path

from jiandu.oversight import views as V

urlpatterns = [
    path("oversight/", V.home, name="oversight_home"),
    path("oversight/urgent/", V.urgent_list, name="oversight_urgent_list"),
    path("oversight/urgent/new/<int:clue_pk>/", V.urgent_new, name="oversight_urgent_new"),
    path("oversight/urgent/<int:pk>/", V.urgent_detail, name="oversight_urgent_detail"),
    path("oversight/urgent/<int:pk>/close/", V.urgent_close, name="oversight_urgent_close"),
    path("oversight/opinion/", V.event_list, name="oversight_event_list"),
    path("oversight/opinion/new/", V.event_new, name="oversight_event_new"),
    path("oversight/opinion/<int:pk>/", V.event_detail, name="oversight_event_detail"),
    path("oversight/opinion/<int:pk>/<str:action>/", V.event_act, name="oversight_event_act"),
    path("oversight/media/", V.media_list, name="oversight_media_list"),
    path("oversight/media/new/", V.media_new, name="oversight_media_new"),
    path("oversight/warning-cases/", V.warning_list, name="oversight_warning_list"),
    path("oversight/warning-cases/new/", V.warning_new, name="oversight_warning_new"),
    path("oversight/warning-cases/<int:pk>/", V.warning_detail, name="oversight_warning_detail"),
    path("oversight/warning-cases/<int:pk>/publish/", V.warning_publish, name="oversight_warning_publish"),
    path("oversight/task-forces/", V.task_force_list, name="oversight_task_force_list"),
    path("oversight/task-forces/new/", V.task_force_new, name="oversight_task_force_new"),
    path("oversight/task-forces/<int:pk>/", V.task_force_detail, name="oversight_task_force_detail"),
    path(
        "oversight/task-forces/<int:pk>/roles/", V.task_force_apply_roles, name="oversight_task_force_roles"
    ),
    path("oversight/standards/", V.standard_list, name="oversight_standard_list"),
    path("oversight/standards/new/", V.standard_new, name="oversight_standard_new"),
    path("oversight/standards/<int:pk>/", V.standard_detail, name="oversight_standard_detail"),
    path(
        "oversight/standards/<int:pk>/publish/<int:version_pk>/",
        V.standard_publish,
        name="oversight_standard_publish",
    ),
    path("oversight/precedents/", V.precedent_list, name="oversight_precedent_list"),
    path("oversight/incentives/", V.incentive_list, name="oversight_incentive_list"),
    path("oversight/exemptions/", V.exemption_list, name="oversight_exemption_list"),
    path("oversight/exemptions/new/<int:clue_pk>/", V.exemption_new, name="oversight_exemption_new"),
    path("oversight/exemptions/<int:pk>/", V.exemption_detail, name="oversight_exemption_detail"),
    path("oversight/records/", V.record_gaps, name="oversight_record_gaps"),
    path("oversight/records/case/<int:case_pk>/", V.case_trail, name="oversight_case_trail"),
    path("oversight/campaigns/", V.campaign_list, name="oversight_campaign_list"),
    path("oversight/campaigns/new/", V.campaign_new, name="oversight_campaign_new"),
    path("oversight/campaigns/<int:pk>/", V.campaign_detail, name="oversight_campaign_detail"),
    path("oversight/visits/", V.visit_list, name="oversight_visit_list"),
    path("oversight/visits/new/", V.visit_new, name="oversight_visit_new"),
    path("oversight/appraisals/", V.appraisal_list, name="oversight_appraisal_list"),
    path("oversight/study/", V.study_list, name="oversight_study_list"),
]
