from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("registry.urls")),
    path("policies/", include("policies.urls")),
    path("cases/", include("cases.urls")),
    path("plans/", include("cases.plans.urls")),
    path("imports/", include("registry.imports.urls")),
    path("api/", include("api.urls")),
    path("documents/", include("registry.documents.urls")),
    path("verify/", include("registry.documents.public_urls")),  # public certificate check
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
