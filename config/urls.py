from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from config.views import csp_report, favicon
from reports import views as report_views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", report_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/", include("reports.urls")),
    path("reviews/", include("reviews.urls")),
    path("notices/", include("reviews.notice_urls")),
    path("account/", report_views.account, name="account"),
    path(
        "account/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/set_password.html", success_url="/account/set-password/done/"
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/set_password_done.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "account/forgot-password/",
        auth_views.PasswordResetView.as_view(
            template_name="account/forgot_password.html",
            email_template_name="account/reset_email.txt",
            subject_template_name="account/reset_subject.txt",
            success_url="/account/forgot-password/sent/",
            extra_email_context={"site_title": settings.SITE_TITLE},
        ),
        name="password_reset",
    ),
    path(
        "account/forgot-password/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/forgot_password_sent.html"),
        name="password_reset_done",
    ),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="account/password_change.html", success_url="/account/"
        ),
        name="password_change",
    ),
    path("manage/", include("reports.manage_urls")),
    path("admin/", admin.site.urls),
    path("csp-report/", csp_report, name="csp_report"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
]
