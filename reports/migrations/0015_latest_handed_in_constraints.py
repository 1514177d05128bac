# Apart from 0014: PostgreSQL builds no index on a table with updates pending in the transaction.
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0014_latest_handed_in"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_latest_handed_in", True)),
                fields=("period", "agency"),
                include=(
                    "id",
                    "status",
                    "version",
                    "submitted_at",
                    "first_submitted_at",
                    "verdict",
                    "order_ok",
                    "error_count",
                    "warning_count",
                    "info_count",
                    "agency_mismatch",
                    "parts_in_name_only",
                    "measures_status",
                    "shortcomings_status",
                    "leadership_status",
                    "plans_status",
                ),
                name="reports_report_one_latest_handed_in",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_latest_handed_in", False),
                    models.Q(("status", "draft"), _negated=True),
                    _connector="OR",
                ),
                name="reports_report_latest_handed_in_not_draft",
            ),
        ),
    ]
