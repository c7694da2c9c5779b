from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiandu.audit"
    verbose_name = "审计留痕"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [("audit_list", "审计留痕", "read_audit")]
