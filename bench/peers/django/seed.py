"""Creates the database of bench:peers' django-otp app: the schema, then users
user-0 .. user-(N-1), each with a confirmed TOTP device whose key is the hex of
the key bytes the driver computes (`python3 seed.py N`, keys read from stdin as
one hex key per line)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

call_command("migrate", verbosity=0)
keys = [line.strip() for line in sys.stdin if line.strip()]
password = make_password("x")
User = get_user_model()
for start in range(0, len(keys), 1000):
    with transaction.atomic():
        names = [f"user-{n}" for n in range(start, min(start + 1000, len(keys)))]
        User.objects.bulk_create([User(username=name, password=password) for name in names])
        # SQLite gives bulk_create no primary keys back: read the users again.
        users = {user.username: user for user in User.objects.filter(username__in=names)}
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user=users[name], name="bench", confirmed=True, key=keys[start + i]) for i, name in enumerate(names)]
        )
print(f"seeded {len(keys)}")
