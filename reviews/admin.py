from django.contrib import admin

from reviews.models import ExportRecord, ReportEvent, ReviewerComment


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (audit trail, exports): shown, never added, edited or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewerComment)
class ReviewerCommentAdmin(admin.ModelAdmin):
    list_display = ["report", "author", "created_at", "resolved_at"]
    list_filter = ["report__period", "resolved_at"]
    search_fields = ["body", "quote", "report__agency__name"]
    raw_id_fields = ["report", "section", "parent"]
    list_select_related = ["report__agency", "report__period", "author"]


@admin.register(ReportEvent)
class ReportEventAdmin(RecordAdmin):
    list_display = ["report", "kind", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["kind", "report__period"]
    list_select_related = ["report__agency", "report__period", "actor"]
    # The audit trail is append-only.
    readonly_fields = [
        "report",
        "kind",
        "actor",
        "from_status",
        "to_status",
        "message",
        "created_at",
    ]


@admin.register(ExportRecord)
class ExportRecordAdmin(RecordAdmin):
    list_display = ["created_at", "user", "period", "format", "row_count"]
    list_filter = ["format", "period"]
    list_select_related = ["user", "period"]
    readonly_fields = ["user", "period", "format", "filters", "row_count", "created_at"]
