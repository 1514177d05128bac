from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.agency_home, name="agency_home"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/publication/", views.publication, name="publication"),
]
