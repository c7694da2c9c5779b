from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "jiandu.reviews"
    verbose_name = "案卷评查与回访"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("review_campaigns", "案卷评查", "view_reviews"),
        ("follow_ups", "回访", "view_reviews"),
    ]

    def ready(self) -> None:
        # Follow-up visits after a penalty decision (the case workflow sits a floor below).
        from jiandu.cases import hooks
        from jiandu.reviews.services.follow_ups import schedule_case_follow_ups

        hooks.on_case_decided(schedule_case_follow_ups)
