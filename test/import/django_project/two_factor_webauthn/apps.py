from django.apps import AppConfig


class TwoFactorWebauthnConfig(AppConfig):
    # Same label as django-two-factor-auth's two_factor.plugins.webauthn app.
    name = 'two_factor_webauthn'
    label = 'two_factor_webauthn'
    default_auto_field = 'django.db.models.AutoField'
