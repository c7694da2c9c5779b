from django.urls import path

from jiandu.org import views

urlpatterns = [
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
