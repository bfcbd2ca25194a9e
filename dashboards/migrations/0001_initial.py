"""The stored monthly figures (from `contentplan`) and the report jobs (from
`portal`) move into the dashboards app: state taken over, content types
relabelled, tables renamed. No row and no file moves.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions and admin history)
    follow them to their new app instead of being made anew."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="contentplan", model="monthfigure").update(
        app_label="dashboards"
    )
    ContentType.objects.filter(app_label="portal", model="reportjob").update(app_label="dashboards")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="dashboards", model="monthfigure").update(
        app_label="contentplan"
    )
    ContentType.objects.filter(app_label="dashboards", model="reportjob").update(app_label="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contentplan", "0005_month_figures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0007_branch_totals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MonthFigure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("month", models.DateField(verbose_name="month")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("rubric", "rubric"),
                                    ("channel", "channel"),
                                    ("branch", "branch"),
                                    ("day", "day"),
                                ],
                                max_length=8,
                                verbose_name="kind",
                            ),
                        ),
                        ("key", models.PositiveIntegerField(verbose_name="key")),
                        ("posts", models.PositiveIntegerField(default=0)),
                        ("published", models.PositiveIntegerField(default=0)),
                        ("missed", models.PositiveIntegerField(default=0)),
                        ("submitted", models.PositiveIntegerField(default=0)),
                        ("accepted", models.PositiveIntegerField(default=0)),
                        ("returned", models.PositiveIntegerField(default=0)),
                        ("rejected", models.PositiveIntegerField(default=0)),
                        ("review_days", models.JSONField(blank=True, default=list)),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="portal.region",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contentplan_monthfigure",
                        "verbose_name": "monthly figure",
                        "verbose_name_plural": "monthly figures",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "month", "kind", "key"),
                                name="month_figure_unique",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "uuid",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                unique=True,
                                verbose_name="identifier",
                            ),
                        ),
                        ("period_start", models.DateField(verbose_name="period from")),
                        ("period_end", models.DateField(verbose_name="period to")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "queued"),
                                    ("running", "running"),
                                    ("done", "done"),
                                    ("failed", "failed"),
                                ],
                                default="queued",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(default=0, verbose_name="progress, %"),
                        ),
                        (
                            "content",
                            models.JSONField(
                                blank=True, editable=False, null=True, verbose_name="report text"
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True, max_length=255, upload_to="reports", verbose_name="file"
                            ),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="error")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="report_jobs",
                                to="portal.region",
                                verbose_name="region",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="requested by",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "portal_reportjob",
                        "verbose_name": "report job",
                        "verbose_name_plural": "report jobs",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("period_start__lte", models.F("period_end"))),
                                name="reportjob_period_in_order",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable(name="monthfigure", table=None),
        migrations.AlterModelTable(name="reportjob", table=None),
    ]
