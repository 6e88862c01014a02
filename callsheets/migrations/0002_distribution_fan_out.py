# Distribution fan-out: versions prepared by workers, recipients' copies by batches.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('callsheets', '0001_initial'),
        ('notifications', '0001_initial'),
        ('productions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='callsheetsettings',
            name='text_link',
            field=models.BooleanField(default=False, help_text='Also send each person their personal link by SMS, if they have a phone number.', verbose_name='also text the link'),
        ),
        migrations.AddField(
            model_name='callsheetversion',
            name='dispatched_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='callsheetversion',
            name='error',
            field=models.TextField(blank=True, help_text='Why the shared PDF could not be rendered.'),
        ),
        migrations.AddField(
            model_name='callsheetversion',
            name='prepared_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='recipient',
            name='error',
            field=models.CharField(blank=True, help_text='Why their copy could not be prepared.', max_length=500),
        ),
        migrations.AlterField(
            model_name='recipient',
            name='token_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name='recipient',
            index=models.Index(condition=models.Q(('error', ''), ('message__isnull', True), ('revoked_at__isnull', True)), fields=['version'], name='recipient_pending_idx'),
        ),
    ]
