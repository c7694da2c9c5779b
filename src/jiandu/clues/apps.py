from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "jiandu.clues"
    verbose_name = "问题线索"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("clue_list", "问题线索", "view_clues")]
