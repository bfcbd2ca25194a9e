"""Factories for the library, with small real files in the test's MEDIA_ROOT."""

import datetime

import factory

from bulletins.models import Bulletin, Collection, FileKind, Item, Section, Topic, Visibility
from portal.tests.factories import RegionFactory

# The smallest file our checks take for a PDF: the header and the end marker.
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Бюллетень {n}")
    topic = Topic.LABOUR_PROTECTION
    issued_on = datetime.date(2025, 3, 1)
    visibility = Visibility.PUBLIC
    file = factory.django.FileField(filename="stored.pdf", data=TINY_PDF)
    file_name = factory.LazyAttribute(lambda bulletin: f"Бюллетень № {bulletin.number}.pdf")
    file_kind = FileKind.PDF
    file_size = len(TINY_PDF)


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Папка {n}")
    visibility = Visibility.PUBLIC


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    collection = factory.SubFactory(CollectionFactory)
    title = factory.Sequence(lambda n: f"Раздел {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Материал {n}")
    visibility = Visibility.PUBLIC
    file = factory.django.FileField(filename="stored.pdf", data=TINY_PDF)
    file_name = "Памятка.pdf"
    file_kind = FileKind.PDF
    file_size = len(TINY_PDF)


class LinkItemFactory(ItemFactory):
    file = ""
    file_name = ""
    file_kind = ""
    file_size = None
    link = "https://video.example.kz/profactive"
