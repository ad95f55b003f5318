from django.apps import AppConfig


class OtpYubikeyConfig(AppConfig):
    # Same label as django-otp-yubikey's app, so the tables get its names.
    name = 'otp_yubikey'
    label = 'otp_yubikey'
    default_auto_field = 'django.db.models.AutoField'
