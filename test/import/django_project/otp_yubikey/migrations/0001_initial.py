# The tables as the real app's migrations leave them (see models.py); made by makemigrations (Django 3.2).

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import otp_yubikey.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ValidationService',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=32)),
                ('api_id', models.IntegerField(default=1)),
                ('api_key', models.CharField(blank=True, default='', max_length=64)),
                ('base_url', models.URLField(blank=True, default='')),
                ('api_version', models.CharField(choices=[('1.0', '1.0'), ('1.1', '1.1'), ('2.0', '2.0')], default='2.0', max_length=8)),
                ('use_ssl', models.BooleanField(default=False)),
                ('param_sl', models.CharField(blank=True, default=None, max_length=16, null=True)),
                ('param_timeout', models.CharField(blank=True, default=None, max_length=16, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='YubikeyDevice',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('private_id', models.CharField(default=otp_yubikey.models.default_id, max_length=12)),
                ('key', models.CharField(default=otp_yubikey.models.default_key, max_length=32)),
                ('session', models.PositiveIntegerField(default=0)),
                ('counter', models.PositiveIntegerField(default=0)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='RemoteYubikeyDevice',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('public_id', models.CharField(max_length=32)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='otp_yubikey.validationservice')),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
