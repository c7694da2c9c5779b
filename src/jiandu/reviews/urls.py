from django.urls import path

from jiandu.reviews import views

urlpatterns = [
    path("reviews/", views.campaign_list, name="review_campaigns"),
    path("reviews/<int:pk>/", views.campaign_detail, name="review_campaign"),
    path("reviews/<int:pk>/selection.xlsx", views.campaign_selection_xlsx, name="review_selection_xlsx"),
    path("reviews/<int:pk>/report/", views.campaign_report, name="review_report"),
    path("reviews/files/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/files/<int:pk>/check/", views.review_check, name="review_check"),
    path("reviews/files/<int:pk>/confirm/", views.review_confirm, name="review_confirm"),
    path("reviews/findings/<int:pk>/clue/", views.finding_clue, name="review_finding_clue"),
    path("reviews/av-checks/", views.av_checks, name="review_av_checks"),
    path("reviews/score-sheets/", views.score_sheet_list, name="review_score_sheets"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/coverage/", views.follow_up_coverage, name="follow_up_coverage"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
]
