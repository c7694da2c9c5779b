from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiandu.cases"
    verbose_name = "行政处罚案件"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("case_list", "处罚案件", "view_cases"),
        ("repair_list", "信用修复", "review_credit_repair"),
    ]
