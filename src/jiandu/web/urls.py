from django.contrib.auth import views as auth_views
from django.urls import path

from jiandu.org.views import DelayedLoginView
from jiandu.web import views

urlpatterns = [
    path("login/", DelayedLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/import/<int:pk>/", views.enterprise_import_job, name="enterprise_import_job"),
    path(
        "enterprises/import/<int:pk>/cancel/", views.enterprise_import_cancel, name="enterprise_import_cancel"
    ),
    path("enterprises/import/<int:pk>/retry/", views.enterprise_import_retry, name="enterprise_import_retry"),
    path("audit/", views.audit_list, name="audit_list"),
    path("workdays/", views.workdays, name="workdays"),
    path("todo/", views.todo_list, name="todo_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_read, name="notification_read"),
]
