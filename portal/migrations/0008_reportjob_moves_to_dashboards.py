"""The report jobs now belong to the `dashboards` app, which took over their
table; here they only leave this app's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_initial"),
        ("portal", "0007_branch_totals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportJob")],
        ),
    ]
