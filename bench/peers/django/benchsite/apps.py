from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _wal(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


class BenchSiteConfig(AppConfig):
    name = "benchsite"
    default = True

    def ready(self):
        connection_created.connect(_wal)
