from django.apps import AppConfig


class RectifyConfig(AppConfig):
    name = "jiandu.rectify"
    verbose_name = "整改台账"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("rectification_list", "整改台账", "view_rectifications")]
