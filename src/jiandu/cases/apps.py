from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiandu.cases"
    verbose_name = "行政处罚案件"
