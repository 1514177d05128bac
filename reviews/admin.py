from django.contrib import admin

from reports.models import DeadlineExtension
from reviews.assessment import seed_items
from reviews.models import (
    AssessmentOverride,
    CommonPhrases,
    Comparison,
    ExportRecord,
    Notice,
    OpinionLetter,
    Reminder,
    ReportEvent,
    ReviewerComment,
    Rubric,
    RubricItem,
)


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


@admin.register(Reminder)
class ReminderAdmin(RecordAdmin):
    list_display = ["created_at", "agency", "period", "kind", "sent_by", "recipients"]
    list_filter = ["kind", "period", "agency__region"]
    search_fields = ["agency__name", "message"]
    list_select_related = ["agency", "period", "sent_by"]
    readonly_fields = [
        "agency",
        "period",
        "kind",
        "sent_by",
        "message",
        "recipients",
        "sent_on",
        "created_at",
    ]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(RecordAdmin):
    list_display = ["agency", "period", "until", "granted_by", "created_at"]
    list_filter = ["period", "agency__region"]
    search_fields = ["agency__name", "reason"]
    list_select_related = ["agency", "period", "granted_by"]
    readonly_fields = ["agency", "period", "until", "reason", "granted_by", "created_at"]


@admin.register(OpinionLetter)
class OpinionLetterAdmin(RecordAdmin):
    list_display = ["letter_number", "report", "sent_by", "sent_at", "correction_deadline"]
    list_filter = ["region", "year"]
    search_fields = ["letter_number", "report__agency__name"]
    list_select_related = ["report__agency", "report__period", "sent_by"]
    readonly_fields = [
        "report",
        "region",
        "year",
        "number",
        "letter_number",
        "correction_deadline",
        "file",
        "sent_by",
        "sent_at",
    ]


@admin.register(Notice)
class NoticeAdmin(RecordAdmin):
    list_display = ["created_at", "recipient", "kind", "agency", "read_at", "emailed"]
    list_filter = ["kind", "emailed"]
    search_fields = ["recipient__username", "agency__name"]
    list_select_related = ["recipient", "agency"]


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["period", "full_marks"]
    inlines = [RubricItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A rubric saved without items starts from last year's, or from the usual ones.
        if not form.instance.items.exists():
            seed_items(form.instance)


@admin.register(AssessmentOverride)
class AssessmentOverrideAdmin(RecordAdmin):
    list_display = ["created_at", "agency", "period", "rule", "points", "set_by"]
    list_filter = ["period", "rule", "agency__region"]
    search_fields = ["agency__name", "reason"]
    list_select_related = ["agency", "period", "set_by"]
    readonly_fields = ["agency", "period", "rule", "points", "reason", "set_by", "created_at"]


@admin.register(Comparison)
class ComparisonAdmin(RecordAdmin):
    """What each report shares with earlier ones: recomputed by the site, never edited by hand."""

    list_display = ["report", "share", "own_share", "plans_total", "plans_followed", "computed_at"]
    list_filter = ["report__period", "report__agency__region"]
    search_fields = ["report__agency__name"]
    list_select_related = ["report__agency", "report__period"]
    readonly_fields = [
        "report",
        "share",
        "own_share",
        "part_shares",
        "compared",
        "handed_in_before",
        "plans_from",
        "plans",
        "plans_total",
        "plans_followed",
        "computed_at",
    ]


@admin.register(CommonPhrases)
class CommonPhrasesAdmin(RecordAdmin):
    """When the common phrases were last counted, and over how many reports (refreshreuse)."""

    list_display = ["__str__", "documents", "built_at"]
    fields = ["documents", "built_at"]
    readonly_fields = fields
