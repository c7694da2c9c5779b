from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jiandu.org"
    verbose_name = "组织与经营主体"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("enterprise_list", "经营主体", "view_enterprises")]
