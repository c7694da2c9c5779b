from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jiandu.org"
    verbose_name = "组织与经营主体"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("enterprise_list", "经营主体", "view_enterprises")]

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from jiandu.org.logins import on_logged_in, on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="jiandu.org.logins.failed")
        user_logged_in.connect(on_logged_in, dispatch_uid="jiandu.org.logins.success")
