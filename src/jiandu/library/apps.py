from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "jiandu.library"
    verbose_name = "案例库"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("library_search", "案例库", "search_library"),
        ("library_similar", "类案比对", "check_similar_cases"),
    ]

    def ready(self) -> None:
        # The case workflow (a floor below) gets its similar-case check and index updates from here.
        from jiandu.cases import hooks
        from jiandu.library.services import check_similar, index_case

        hooks.provide_similar_check(check_similar)
        hooks.on_case_changed(index_case)
