from django.apps import AppConfig


class DiscretionConfig(AppConfig):
    name = "jiandu.discretion"
    verbose_name = "裁量基准与免罚清单"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("discretion_catalogue", "裁量基准", "view_discretion"),
    ]
