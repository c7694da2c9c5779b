from django.urls import path

from jiandu.cases import views

# One URL per step of the procedure; the names `case_<action>` match the actions of CASE_TRANSITIONS.
urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/leads/", views.lead_list, name="lead_list"),
    path("cases/leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/actions/check/", views.case_check, name="case_check"),
    path("cases/<int:pk>/actions/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/actions/notify/", views.case_notify, name="case_notify"),
    path("cases/<int:pk>/actions/representation/", views.case_representation, name="case_representation"),
    path(
        "cases/<int:pk>/actions/representation/<int:item>/review/",
        views.case_representation_review,
        name="case_representation_review",
    ),
    path("cases/<int:pk>/actions/waive/", views.case_waive, name="case_waive"),
    path("cases/<int:pk>/actions/request_hearing/", views.case_request_hearing, name="case_request_hearing"),
    path(
        "cases/<int:pk>/actions/schedule_hearing/", views.case_schedule_hearing, name="case_schedule_hearing"
    ),
    path("cases/<int:pk>/actions/hearing_report/", views.case_hearing_report, name="case_hearing_report"),
    path("cases/<int:pk>/actions/submit_review/", views.case_submit_review, name="case_submit_review"),
    path("cases/<int:pk>/actions/return/", views.case_return, name="case_return"),
    path("cases/<int:pk>/actions/pass_review/", views.case_pass_review, name="case_pass_review"),
    path("cases/<int:pk>/actions/discuss/", views.case_discuss, name="case_discuss"),
    path("cases/<int:pk>/actions/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:pk>/actions/deliver/", views.case_deliver, name="case_deliver"),
    path("cases/<int:pk>/actions/pay/", views.case_pay, name="case_pay"),
    path("cases/<int:pk>/actions/enforce/", views.case_enforce, name="case_enforce"),
    path("cases/<int:pk>/actions/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/actions/publish/", views.case_publish, name="case_publish"),
    path("cases/<int:pk>/actions/flags/", views.case_flags, name="case_flags"),
    path("cases/<int:pk>/documents/<slug:kind>/", views.case_document, name="case_document"),
    path("credit-repairs/", views.repair_list, name="repair_list"),
    path("credit-repairs/<int:pk>/", views.repair_detail, name="repair_detail"),
    path("credit-repairs/<int:pk>/decision/", views.repair_decision, name="repair_decision"),
]
