"""Count the stored monthly figures of every post and material already in the
database (what `contentplan` migration 0005 did before the figures moved here;
counting again on an installation that had them changes nothing)."""

from django.db import migrations


def count_existing(apps, schema_editor):
    from dashboards import figures

    figures.rebuild_all(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contentplan", "0006_materials_and_figures_move_out"),
        ("dashboards", "0001_initial"),
        ("materials", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
