"""The plan's channel of the region's Facebook page takes its network's code
(`facebook_page`, as `branches.SocialPage.Platform` and the `networks`
registry name it), so that a network has one name. The row keeps its id: the
posts' channels and the publications keep pointing at it. Other apps' stored
copies of the code follow in their own migrations (publishing 0006)."""

from django.db import migrations

# The channel's code before and after; reversing puts the old one back.
RENAMED = {"facebook": "facebook_page"}


def _rename(apps, codes: dict[str, str]) -> None:
    Channel = apps.get_model("contentplan", "Channel")
    for old, new in codes.items():
        Channel.objects.filter(code=old).update(code=new)


def forward(apps, schema_editor):
    _rename(apps, RENAMED)


def backward(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("contentplan", "0008_calendar_views_campaigns")]

    operations = [migrations.RunPython(forward, backward)]
