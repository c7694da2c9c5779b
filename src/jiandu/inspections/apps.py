from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "jiandu.inspections"
    verbose_name = "双随机一公开"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("inspection_plan_list", "双随机抽查", "view_inspections")]
