"""A network's own words for a post become a row keyed by the network's code
(telegram, facebook, instagram) instead of a column per network: every
non-empty column is copied into a row here, and back on the way down;
0005 drops the columns once this has run."""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = ("telegram", "facebook", "instagram")


def columns_to_rows(apps, schema_editor):
    PublicationText = apps.get_model("publishing", "PublicationText")
    PublicationVariant = apps.get_model("publishing", "PublicationVariant")
    rows = [
        PublicationVariant(text_id=text["pk"], network=code, body=text[code])
        for text in PublicationText.objects.values("pk", *COLUMNS).order_by("pk").iterator()
        for code in COLUMNS
        if text[code]
    ]
    PublicationVariant.objects.bulk_create(rows, batch_size=500)


def rows_to_columns(apps, schema_editor):
    PublicationText = apps.get_model("publishing", "PublicationText")
    PublicationVariant = apps.get_model("publishing", "PublicationVariant")
    for row in PublicationVariant.objects.filter(network__in=COLUMNS).iterator():
        PublicationText.objects.filter(pk=row.text_id).update(**{row.network: row.body})


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_durable_edit_and_delete"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicationVariant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("network", models.CharField(max_length=16, verbose_name="network")),
                ("body", models.TextField(verbose_name="text")),
                (
                    "text",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="variants",
                        to="publishing.publicationtext",
                    ),
                ),
            ],
            options={
                "verbose_name": "network's own text",
                "verbose_name_plural": "networks' own texts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("text", "network"), name="publication_variant_once_per_network"
                    )
                ],
            },
        ),
        migrations.RunPython(columns_to_rows, rows_to_columns),
    ]
