from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
]
