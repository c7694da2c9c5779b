from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "jiandu.library"
    verbose_name = "案例库"
    # (url name, label, permission) entries this app adds to the staff navigation
    navigation: list[tuple[str, str, str]] = [
        ("library_search", "案例库", "search_library"),
        ("library_similar", "类案比对", "check_similar_cases"),
    ]
