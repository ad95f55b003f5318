"""
A stand-in for django-two-factor-auth's PhoneDevice, which Debian does not
package (and PyPI is out of reach in the test environment). It reproduces the
real model's table exactly: name `two_factor_phonedevice`, django-otp's
Device columns (id, user_id, name, confirmed), ThrottlingMixin's two columns,
and the plugin's own `number` (phonenumber_field stores E.164 text in a
varchar(128)), `key` (40 hex characters) and `method` ('call' or 'sms').
Only what the importer reads matters; behaviour (sending codes) is left out.
"""
from django.db import models
from django_otp.models import Device, ThrottlingMixin
from django_otp.util import hex_validator, random_hex


def default_key():
    return random_hex(20)


class PhoneDevice(ThrottlingMixin, Device):
    number = models.CharField(max_length=128)
    key = models.CharField(max_length=40, validators=[hex_validator()], default=default_key)
    method = models.CharField(max_length=4, choices=[('call', 'Phone Call'), ('sms', 'Text Message')])

    class Meta(Device.Meta):
        db_table = 'two_factor_phonedevice'
        verbose_name = 'Phone device'

    def get_throttle_factor(self):
        return 1
