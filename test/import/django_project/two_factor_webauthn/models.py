"""
A stand-in for django-two-factor-auth's WebauthnDevice (its webauthn plugin
is not in Debian, and PyPI is out of reach in the test environment). It
reproduces the real table, `two_factor_webauthn_webauthndevice`: django-otp's
Device and ThrottlingMixin columns, `created_at`, `last_used_at`, and the
credential as the plugin stores it: `public_key` (the COSE key, base64url),
`key_handle` (the credential id, base64url) and `sign_count`. Django creates
it from this model (see migrations/); the ceremonies are left out.
"""
from django.db import models
from django_otp.models import Device, ThrottlingMixin


class WebauthnDevice(ThrottlingMixin, Device):
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)
    public_key = models.TextField()
    key_handle = models.TextField()
    sign_count = models.IntegerField()

    def get_throttle_factor(self):
        return 1
