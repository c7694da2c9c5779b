from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    verbose_name = "审计留痕"
