from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jiandu.org"
    verbose_name = "组织与经营主体"
