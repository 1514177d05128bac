from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.agency_home, name="agency_home"),
    path("<int:pk>/", views.report_detail, name="detail"),
]
