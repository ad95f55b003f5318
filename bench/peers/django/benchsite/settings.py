"""Django settings of bench:peers' django-otp app: the smallest site that signs
users in with a password and then a TOTP code through django-otp.

The database file comes from TWOFOLD_BENCH_DJANGO_DB (SQLite, WAL mode, the
driver's synchronous default: FULL). Sessions are kept in the process's memory
(the cache backend on a local-memory cache), as the Express app's are.
"""
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-peers-django-secret-key-bench-peers-django-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "benchsite",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
]
ROOT_URLCONF = "benchsite.urls"
WSGI_APPLICATION = "benchsite.wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("TWOFOLD_BENCH_DJANGO_DB", os.path.join(BASE_DIR, "bench.sqlite3")),
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000000}}}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Passwords are not what is measured (the first step only names the user), as in the twofold app.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGGING = {"version": 1, "disable_existing_loggers": True}
