"""A network's own words are keyed by the channel's code, which for the
region's Facebook page is now its network's code (contentplan 0009):
`facebook` becomes `facebook_page`, and back on reverse."""

from django.db import migrations

RENAMED = {"facebook": "facebook_page"}


def _rename(apps, codes: dict[str, str]) -> None:
    PublicationVariant = apps.get_model("publishing", "PublicationVariant")
    for old, new in codes.items():
        PublicationVariant.objects.filter(network=old).update(network=new)


def forward(apps, schema_editor):
    _rename(apps, RENAMED)


def backward(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0005_remove_publication_text_columns"),
        ("contentplan", "0009_channel_code_is_the_network_code"),
    ]

    operations = [migrations.RunPython(forward, backward)]
