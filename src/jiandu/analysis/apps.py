from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "jiandu.analysis"
    verbose_name = "重点县区与问题模型"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("key_county_board", "重点县区", "view_key_counties"),
        ("problem_model_list", "问题模型", "view_problem_models"),
    ]
