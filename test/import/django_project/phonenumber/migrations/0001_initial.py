# The table as django-two-factor-auth's own migrations leave it (see models.py).
from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django_otp.util
import phonenumber.models


class Migration(migrations.Migration):
    initial = True
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name='PhoneDevice',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=64)),
                ('confirmed', models.BooleanField(default=True)),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0)),
                ('number', models.CharField(max_length=128)),
                ('key', models.CharField(default=phonenumber.models.default_key, max_length=40,
                                         validators=[django_otp.util.hex_validator()])),
                ('method', models.CharField(choices=[('call', 'Phone Call'), ('sms', 'Text Message')], max_length=4)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={'db_table': 'two_factor_phonedevice', 'verbose_name': 'Phone device', 'abstract': False},
        ),
    ]
