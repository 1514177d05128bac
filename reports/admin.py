from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports import invitations
from reports.models import (
    Agency,
    AgencyAlias,
    PeriodDeadline,
    Region,
    Report,
    ReportingPeriod,
    Section,
    User,
)

# The admin speaks as the product does, not as "Django administration".
admin.site.site_header = settings.SITE_TITLE
admin.site.site_title = settings.SITE_TITLE
admin.site.index_title = _("Administration")

_ACTIONS = {
    "add": _("Can add"),
    "change": _("Can change"),
    "delete": _("Can delete"),
    "view": _("Can view"),
}


def permission_label(permission: Permission) -> str:
    """A permission as the admin's language says it; Django stores its name in English."""
    model = permission.content_type.model_class()
    action = _ACTIONS.get(permission.codename.split("_", 1)[0])
    if model is None or action is None:
        return str(permission)
    app = apps.get_app_config(permission.content_type.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {action}"


class TranslatedPermissionsMixin:
    """Permission pickers whose choices read in the admin's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class TranslatedGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "office_name", "letter_prefix", "reuse_threshold"]
    search_fields = ["name", "code"]


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["region", "kind", "is_active"]
    fields = ["name", "kind", "region", "superior_department", "is_active"]
    search_fields = ["name", "aliases__name"]
    inlines = [AgencyAliasInline]


class PeriodDeadlineInline(admin.TabularInline):
    model = PeriodDeadline
    extra = 0


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    inlines = [PeriodDeadlineInline]
    list_display = ["year", "submission_deadline", "publication_deadline", "is_open"]
    list_editable = ["is_open"]
    actions = ["open_periods", "close_periods"]

    @admin.action(description=_("Open the selected periods for submissions"))
    def open_periods(self, request, queryset):
        queryset.update(is_open=True)

    @admin.action(description=_("Close the selected periods"))
    def close_periods(self, request, queryset):
        queryset.update(is_open=False)


@admin.register(User)
class NianbaoUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", "regions"]
    search_fields = ["username", "first_name", "last_name", "agency__name"]
    filter_horizontal = ["regions", "groups", "user_permissions"]
    actions = ["send_invitations"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Role in Nianbao"), {"fields": ("role", "agency", "regions", "phone", "email_notices")}),
        (_("Invitation"), {"fields": ("invited_at",)}),
    )
    readonly_fields = ["invited_at"]
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Role in Nianbao"), {"fields": ("role", "agency", "is_staff")}),
    )

    @admin.action(description=_("Send a link to set their password"))
    def send_invitations(self, request, queryset):
        from reports.manage_views import report_invitations

        report_invitations(request, invitations.invite(queryset))


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "level", "number", "heading", "part", "evidence", "start", "end"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "period",
        "version",
        "status",
        "verdict",
        "is_current",
        "submitted_at",
    ]
    list_filter = ["period", "status", "verdict", "is_current", "agency__region"]
    search_fields = ["agency__name", "original_name", "sha256"]
    list_select_related = ["agency", "period"]
    # Reports are evidence: the admin looks, and changes nothing that the audit trail would miss;
    # statuses change through the review pages, which record who did what.
    readonly_fields = [
        "agency",
        "period",
        "version",
        "is_current",
        "status",
        "original_file",
        "original_name",
        "format",
        "size",
        "sha256",
        "title",
        "verdict",
        "measures_status",
        "shortcomings_status",
        "leadership_status",
        "plans_status",
        "order_ok",
        "error_count",
        "warning_count",
        "info_count",
        "agency_mismatch",
        "parts_in_name_only",
        "uploaded_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "submission_note",
        "reported_to",
        "copied_to",
        "result",
        "text",
    ]
    exclude = ["file", "page_starts", "part_places"]
    inlines = [SectionInline]

    @admin.display(description=_("file"))
    def original_file(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("reports:download", args=[report.pk]),
            report.original_name,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
