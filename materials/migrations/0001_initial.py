"""Materials from branches move out of `contentplan` into their own app.

The models are taken over as they are (state only); their content types are
relabelled; then their tables are renamed to this app's names. No row and no
file moves.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import materials.models


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions and admin history)
    follow them to their new app instead of being made anew."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("submission", "submissionevent", "submissionphoto"):
        ContentType.objects.filter(app_label="contentplan", model=model).update(
            app_label="materials"
        )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="materials", model__in=("submission", "submissionevent", "submissionphoto")
    ).update(app_label="contentplan")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # Every migration that made a foreign key to the old table runs first.
        ("brand", "0001_initial"),
        ("contentplan", "0005_month_figures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0007_branch_totals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Submission",
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
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("text", models.TextField(max_length=20000, verbose_name="text")),
                        ("event_date", models.DateField(verbose_name="event date")),
                        (
                            "consent",
                            models.BooleanField(
                                default=False,
                                help_text="The people in the photos (parents, for children) agreed to their publication.",
                                verbose_name="consent to publication",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("new", "new"),
                                    ("in_review", "in review"),
                                    ("accepted", "accepted"),
                                    ("returned", "returned"),
                                    ("rejected", "rejected"),
                                ],
                                default="new",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "times_sent",
                            models.PositiveSmallIntegerField(default=1, verbose_name="times sent"),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="sent"
                            ),
                        ),
                        (
                            "reviewed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="first decision"
                            ),
                        ),
                        (
                            "review_comment",
                            models.TextField(blank=True, verbose_name="reviewer's comment"),
                        ),
                        ("version", models.PositiveIntegerField(default=0, verbose_name="version")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last saved"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="submissions",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "branch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="submissions",
                                to="portal.branch",
                                verbose_name="branch",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="submissions",
                                to="portal.primaryorganisation",
                                verbose_name="primary organisation",
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="submissions",
                                to="contentplan.plannedpost",
                                verbose_name="planned post",
                            ),
                        ),
                        (
                            "rubric",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="submissions",
                                to="contentplan.rubric",
                                verbose_name="suggested rubric",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contentplan_submission",
                        "verbose_name": "submission",
                        "verbose_name_plural": "submissions",
                        "ordering": ["sent_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SubmissionEvent",
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
                            "at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="when"
                            ),
                        ),
                        (
                            "from_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("new", "new"),
                                    ("in_review", "in review"),
                                    ("accepted", "accepted"),
                                    ("returned", "returned"),
                                    ("rejected", "rejected"),
                                ],
                                max_length=16,
                                verbose_name="from",
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("new", "new"),
                                    ("in_review", "in review"),
                                    ("accepted", "accepted"),
                                    ("returned", "returned"),
                                    ("rejected", "rejected"),
                                ],
                                max_length=16,
                                verbose_name="to",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, verbose_name="comment")),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="materials.submission",
                                verbose_name="submission",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contentplan_submissionevent",
                        "verbose_name": "submission event",
                        "verbose_name_plural": "submission events",
                        "ordering": ["at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SubmissionPhoto",
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
                            "image",
                            models.FileField(
                                max_length=200,
                                upload_to=materials.models._photo_path,
                                verbose_name="image",
                            ),
                        ),
                        (
                            "thumbnail",
                            models.FileField(
                                max_length=200,
                                upload_to=materials.models._photo_path,
                                verbose_name="thumbnail",
                            ),
                        ),
                        (
                            "content_type",
                            models.CharField(max_length=20, verbose_name="content type"),
                        ),
                        ("width", models.PositiveIntegerField(verbose_name="width")),
                        ("height", models.PositiveIntegerField(verbose_name="height")),
                        (
                            "original_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="original name"
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                        (
                            "hints",
                            models.JSONField(
                                blank=True, default=list, verbose_name="quality hints"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="uploaded"),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="photos",
                                to="contentplan.plannedpost",
                                verbose_name="planned post",
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="photos",
                                to="materials.submission",
                                verbose_name="submission",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contentplan_submissionphoto",
                        "verbose_name": "photo",
                        "verbose_name_plural": "photos",
                        "ordering": ["submission", "position", "pk"],
                    },
                ),
                migrations.AddIndex(
                    model_name="submission",
                    index=models.Index(fields=["status", "sent_at"], name="submission_status_sent"),
                ),
                migrations.AddIndex(
                    model_name="submission",
                    index=models.Index(fields=["branch", "sent_at"], name="submission_branch_sent"),
                ),
                migrations.AddIndex(
                    model_name="submissionevent",
                    index=models.Index(fields=["at"], name="submission_event_at"),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable(name="submission", table=None),
        migrations.AlterModelTable(name="submissionevent", table=None),
        migrations.AlterModelTable(name="submissionphoto", table=None),
    ]
