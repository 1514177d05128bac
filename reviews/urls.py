from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("download/", views.download_all, name="download_all"),
    path("not-submitted/", views.not_submitted, name="not_submitted"),
    path("not-submitted/remind/", views.remind, name="remind"),
    path("agencies/<int:pk>/extend/", views.extend_deadline, name="extend"),
    path("agencies/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("circular/", views.circular, name="circular"),
    path("reports/<int:pk>/comments/", views.comment, name="comment"),
    path("reports/<int:pk>/decide/", views.decide, name="decide"),
    path("reports/<int:pk>/compare/", views.compare, name="compare"),
    path("reports/<int:pk>/opinion/preview/", views.opinion_preview, name="opinion_preview"),
    path("reports/<int:pk>/opinion/send/", views.opinion_send, name="opinion_send"),
    path("reports/<int:pk>/commented.docx", views.commented_docx, name="commented_docx"),
    path("opinions/<int:pk>/", views.opinion_download, name="opinion_download"),
    path("reports/<int:pk>/exemption/", views.confirm_exemption, name="confirm_exemption"),
    path("reports/<int:pk>/check-publication/", views.check_publication, name="check_publication"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
    path("comments/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("comments/<int:pk>/reopen/", views.reopen, name="reopen"),
]
