from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jiandu.web"
    verbose_name = "工作台"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("dashboard", "工作台", "view_dashboard"),
        ("workdays", "工作日计算", "use_workdays"),
    ]

    def ready(self) -> None:
        from jiandu.audit.signals import recorded
        from jiandu.web import todocache
        from jiandu.web.hooks import on_audit_entries

        recorded.connect(on_audit_entries, dispatch_uid="jiandu.web.notifications")
        recorded.connect(todocache.on_audit_entries, dispatch_uid="jiandu.web.todocache")
        _full_width_label_suffix()


def _full_width_label_suffix() -> None:
    """Form labels end with the full-width colon (Django's default suffix is the ASCII one, which its
    Chinese catalogue leaves untranslated); any other suffix a form names is kept."""
    from django.forms.forms import BaseForm

    if getattr(BaseForm.__init__, "jiandu_suffix", False):
        return
    original = BaseForm.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        if self.label_suffix == ":":
            self.label_suffix = "："

    init.jiandu_suffix = True  # type: ignore[attr-defined]
    BaseForm.__init__ = init  # type: ignore[method-assign]
