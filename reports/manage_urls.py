from django.urls import path

from reports import manage_views

app_name = "manage"

urlpatterns = [
    path("import/", manage_views.import_agencies, name="import_agencies"),
    path("import/preview/", manage_views.import_preview, name="import_preview"),
    path("import/confirm/", manage_views.import_confirm, name="import_confirm"),
    path("import/cancel/", manage_views.import_cancel, name="import_cancel"),
    path("import/invite/", manage_views.import_invite, name="import_invite"),
    path("import/template.csv", manage_views.import_template, name="import_template"),
]
