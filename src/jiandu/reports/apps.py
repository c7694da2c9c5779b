from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "jiandu.reports"
    verbose_name = "报送与汇总"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("reports_board", "报送与汇总", "view_reports")]
