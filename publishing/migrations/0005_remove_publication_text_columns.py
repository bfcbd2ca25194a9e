"""The per-network columns of a publication text go: 0004 has copied them
into rows (a migration of its own, so no table is altered in the transaction
that wrote the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0004_publication_text_variants"),
    ]

    operations = [
        migrations.RemoveField(model_name="publicationtext", name="telegram"),
        migrations.RemoveField(model_name="publicationtext", name="facebook"),
        migrations.RemoveField(model_name="publicationtext", name="instagram"),
    ]
