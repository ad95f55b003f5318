from django.apps import AppConfig


class PhoneNumberConfig(AppConfig):
    # Same label as django-two-factor-auth's two_factor.plugins.phonenumber app.
    name = 'phonenumber'
    label = 'phonenumber'
    default_auto_field = 'django.db.models.AutoField'
