from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def mark_latest_handed_in(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    handed_in = Report.objects.exclude(status="draft")
    same_slot = handed_in.filter(agency=OuterRef("agency"), period=OuterRef("period"))
    handed_in.exclude(Exists(same_slot.filter(version__gt=OuterRef("version")))).update(
        is_latest_handed_in=True
    )
    handed_in.update(
        first_submitted_at=Subquery(same_slot.order_by("submitted_at").values("submitted_at")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0013_parts_in_name_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first handed in at"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="is_latest_handed_in",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="latest handed in"
            ),
        ),
        migrations.RunPython(mark_latest_handed_in, migrations.RunPython.noop),
    ]
