"""Versions published before the fan-out were rendered in the publish request: mark them
prepared, so the distribution sweep never takes them for renders still to do."""

from django.db import migrations
from django.db.models import F


def mark_prepared(apps, schema_editor):
    CallSheetVersion = apps.get_model("callsheets", "CallSheetVersion")
    CallSheetVersion.objects.filter(prepared_at=None).exclude(pdf_path="").update(
        prepared_at=F("published_at"), dispatched_at=F("published_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("callsheets", "0002_distribution_fan_out"),
    ]

    operations = [
        migrations.RunPython(mark_prepared, migrations.RunPython.noop),
    ]
