from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from productions import views as production_views
from productions.auth_forms import OutboxPasswordResetForm


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# Django's auth views, listed (not included) so the reset email goes through the outbox.
auth_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password_reset/",
         auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
         name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

api_v1 = [
    path("", include("productions.api.urls")),
    path("", include("notifications.api_urls")),
    path("", include("scheduling.api_urls")),
    path("", include("budgets.api_urls")),
    path("", include("callsheets.api_urls")),
]

urlpatterns = [
    path("", production_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("p/", include("productions.urls")),
    path("p/", include("notifications.urls")),
    path("p/", include("scheduling.urls")),
    path("p/", include("budgets.urls")),
    path("p/", include("callsheets.urls")),
    path("invitations/<str:token>/", production_views.invitation_accept,
         name="invitation_accept"),
    path("account/tokens/", production_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", production_views.token_revoke, name="token_revoke"),
    path("account/", include(auth_urls)),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    # Answers 404 unless DEBUG is on (checked per request, so tests can see it).
    path("dev/", include("notifications.dev_urls")),
]
