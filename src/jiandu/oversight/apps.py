from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "jiandu.oversight"
    label = "oversight"
    verbose_name = "执法监督专项"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("oversight_home", "紧急处置与专项监督", "view_oversight"),
    ]

    def ready(self) -> None:
        from jiandu.clues.panels import register
        from jiandu.oversight import panels

        for provider in panels.PROVIDERS:
            register(provider)
