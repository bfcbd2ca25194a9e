"""The fixed set of channels a post goes out on (data, so it is there everywhere)."""

from django.db import migrations

CHANNELS = [
    ("facebook", "Facebook (страница области)", 10),
    ("instagram", "Instagram", 20),
    ("aitu", "Aitu", 30),
    ("telegram", "Telegram", 40),
    ("website", "Сайт профсоюза", 50),
    ("newspaper", "Газета", 60),
]


def add_channels(apps, schema_editor):
    Channel = apps.get_model("contentplan", "Channel")
    for code, name, position in CHANNELS:
        Channel.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("contentplan", "0001_initial")]

    operations = [migrations.RunPython(add_channels, migrations.RunPython.noop)]
