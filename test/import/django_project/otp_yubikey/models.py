"""
A stand-in for django-otp-yubikey, which Debian does not package (and PyPI
is out of reach in the test environment). It reproduces the real app's three
tables: `otp_yubikey_yubikeydevice` (django-otp's Device and ThrottlingMixin
columns, `private_id` as 12 hex characters, `key` as 32 hex characters, and
the last accepted `session` and `counter`), `otp_yubikey_validationservice`
(`name`, `api_id`, `api_key`, `base_url`, `api_version`, `use_ssl`,
`param_sl`, `param_timeout`) and `otp_yubikey_remoteyubikeydevice` (Device
columns, `service_id`, `public_id`). Django creates them from these models
(see migrations/). Only what the importer reads matters; verification is left out,
except the local key's public id, which the real model derives from the
primary key exactly like this. (The shared reference notes describe only
two-factor's use of `RemoteYubikeyDevice`; these columns follow
django-otp-yubikey 1.x's models.)
"""
from struct import pack

from django.db import models
from django_otp.models import Device, ThrottlingMixin
from django_otp.util import random_hex

MODHEX = 'cbdefghijklnrtuv'


def default_id():
    return random_hex(6)


def default_key():
    return random_hex(16)


class YubikeyDevice(ThrottlingMixin, Device):
    private_id = models.CharField(max_length=12, default=default_id)
    key = models.CharField(max_length=32, default=default_key)
    session = models.PositiveIntegerField(default=0)
    counter = models.PositiveIntegerField(default=0)

    def public_id(self):
        # The primary key as four big-endian bytes, in modhex.
        return ''.join(MODHEX[b >> 4] + MODHEX[b & 15] for b in pack('>I', self.id))

    def get_throttle_factor(self):
        return 1


class ValidationService(models.Model):
    name = models.CharField(max_length=32)
    api_id = models.IntegerField(default=1)
    api_key = models.CharField(max_length=64, blank=True, default='')
    base_url = models.URLField(blank=True, default='')
    api_version = models.CharField(max_length=8, default='2.0', choices=[('1.0', '1.0'), ('1.1', '1.1'), ('2.0', '2.0')])
    use_ssl = models.BooleanField(default=False)
    param_sl = models.CharField(max_length=16, blank=True, default=None, null=True)
    param_timeout = models.CharField(max_length=16, blank=True, default=None, null=True)


class RemoteYubikeyDevice(Device):
    service = models.ForeignKey(ValidationService, on_delete=models.CASCADE)
    public_id = models.CharField(max_length=32)
