"""Materials from branches and the stored monthly figures now belong to the
`materials` and `dashboards` apps, which took over their tables; here they
only leave this app's state. Nothing in the database changes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contentplan", "0005_month_figures"),
        ("dashboards", "0001_initial"),
        ("materials", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="submission",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="submission",
                    name="branch",
                ),
                migrations.RemoveField(
                    model_name="submission",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="submission",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="submission",
                    name="rubric",
                ),
                migrations.RemoveField(
                    model_name="submissionevent",
                    name="submission",
                ),
                migrations.RemoveField(
                    model_name="submissionphoto",
                    name="submission",
                ),
                migrations.RemoveField(
                    model_name="submissionevent",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="submissionphoto",
                    name="post",
                ),
                migrations.DeleteModel(
                    name="MonthFigure",
                ),
                migrations.DeleteModel(
                    name="Submission",
                ),
                migrations.DeleteModel(
                    name="SubmissionEvent",
                ),
                migrations.DeleteModel(
                    name="SubmissionPhoto",
                ),
            ],
        ),
    ]
