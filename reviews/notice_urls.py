from django.urls import path

from reviews import notice_views

app_name = "notices"

urlpatterns = [
    path("", notice_views.notice_list, name="list"),
    path("<int:pk>/", notice_views.open_notice, name="open"),
    path("read/", notice_views.mark_all_read, name="read_all"),
]
