"""A check's material is now `materials.Submission`: the same table, renamed,
so only the state changes (the database's foreign key follows the rename)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("brand", "0001_initial"),
        ("materials", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="standardcheck",
                    name="submission",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standard_checks",
                        to="materials.submission",
                        verbose_name="submission",
                    ),
                ),
            ],
        ),
    ]
