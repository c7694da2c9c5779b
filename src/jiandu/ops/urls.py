from django.urls import path

from jiandu.ops import views

urlpatterns = [path("healthz", views.healthz, name="healthz")]
