"""
Builds a real Django database with django-otp's tables (and a replica of
django-two-factor-auth's phone table, see phonenumber/models.py), for the
importer's tests. Run with Debian's python3 (python3-django-otp):

  python3 make_fixture.py --database sqlite:/tmp/x.sqlite3 --manifest /tmp/x.json --webauthn '<credential JSON>'
  python3 make_fixture.py --database postgres://u:p@host:port/db --schema s --manifest ... --webauthn ...
  python3 make_fixture.py --database sqlite:/tmp/big.sqlite3 --users 100000 --manifest ...

Scenario mode creates users and devices through django-otp's own APIs and
uses some codes (so last_t, drift and counters move, static tokens are
consumed, a device is throttled), then writes a JSON manifest of keys, used
codes and remaining tokens for the TypeScript test; --webauthn is the
software authenticator's credential (the test makes it) for alice's key. Bulk mode (--users N)
creates the schema with Django's migrations, then inserts N users with
direct SQL (the ORM would take minutes) for the large-import test.
"""
import argparse
import json
import os
import sys
import time
from urllib.parse import urlparse, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django
from django.conf import settings


def database_settings(url, schema):
    if url.startswith('sqlite:'):
        return {'ENGINE': 'django.db.backends.sqlite3', 'NAME': url[len('sqlite:'):]}
    parsed = urlparse(url)
    config = {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': parsed.path.lstrip('/'),
        'USER': unquote(parsed.username or ''),
        'PASSWORD': unquote(parsed.password or ''),
        'HOST': parsed.hostname or '127.0.0.1',
        'PORT': str(parsed.port or 5432),
    }
    if schema:
        import psycopg2
        connection = psycopg2.connect(dbname=config['NAME'], user=config['USER'], password=config['PASSWORD'],
                                      host=config['HOST'], port=config['PORT'])
        connection.autocommit = True
        connection.cursor().execute('create schema if not exists "%s"' % schema)
        connection.close()
        config['OPTIONS'] = {'options': '-c search_path=%s' % schema}
    return config


def configure(url, schema):
    settings.configure(
        DEBUG=False,
        SECRET_KEY='twofold-import-test',
        USE_TZ=True,
        TIME_ZONE='UTC',
        DATABASES={'default': database_settings(url, schema)},
        INSTALLED_APPS=[
            'django.contrib.contenttypes',
            'django.contrib.auth',
            'django_otp',
            'django_otp.plugins.otp_totp',
            'django_otp.plugins.otp_hotp',
            'django_otp.plugins.otp_static',
            'django_otp.plugins.otp_email',
            'phonenumber',
            'otp_yubikey',
            'two_factor_webauthn',
        ],
        DEFAULT_AUTO_FIELD='django.db.models.AutoField',
        PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'],
    )
    django.setup()
    from django.core.management import call_command
    call_command('migrate', run_syncdb=True, verbosity=0)


def totp_code(device, step):
    from django_otp.oath import hotp
    return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)


def current_step(device, now):
    return (int(now) - device.t0) // device.step


def describe_totp(device, **extra):
    info = {'table': 'otp_totp_totpdevice', 'pk': device.pk, 'user': device.user.username, 'name': device.name,
            'key': device.key, 'digits': device.digits, 'step': device.step, 't0': device.t0,
            'tolerance': device.tolerance, 'confirmed': device.confirmed}
    info.update(extra)
    return info


def scenario(credential):
    from django.contrib.auth.models import User
    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.plugins.otp_hotp.models import HOTPDevice
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_email.models import EmailDevice
    from phonenumber.models import PhoneDevice

    users = {name: User.objects.create_user(name, '%s@example.org' % name, 'password')
             for name in ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']}
    devices = []

    # alice: a default authenticator with a code used just before the switch.
    alice_totp = TOTPDevice.objects.create(user=users['alice'], name='default')
    used_step = current_step(alice_totp, time.time())
    used = totp_code(alice_totp, used_step)
    assert alice_totp.verify_token(used)
    alice_totp.refresh_from_db()
    devices.append(describe_totp(alice_totp, usedCodes=[used], lastT=alice_totp.last_t, drift=alice_totp.drift))

    # alice: static tokens as django-otp makes them, plus a hand-made one; one is used.
    static = StaticDevice.objects.create(user=users['alice'], name='backup')
    tokens = [StaticToken.random_token() for _ in range(5)] + ['MixedCase1']
    for token in tokens:
        static.token_set.create(token=token)
    assert static.verify_token(tokens[0])
    devices.append({'table': 'otp_static_staticdevice', 'pk': static.pk, 'user': 'alice', 'name': 'backup',
                    'usedTokens': tokens[:1], 'tokens': tokens[1:]})

    email = EmailDevice.objects.create(user=users['alice'], name='mail', email='alice.otp@example.org')
    devices.append({'table': 'otp_email_emaildevice', 'pk': email.pk, 'user': 'alice', 'name': 'mail', 'email': email.email})

    # bob: a drifting authenticator (django accumulates: drift becomes 1), 8 digits, 60 s steps.
    bob_totp = TOTPDevice.objects.create(user=users['bob'], name='Work phone', digits=8, step=60, tolerance=1)
    ahead = current_step(bob_totp, time.time()) + 1
    used = totp_code(bob_totp, ahead)
    assert bob_totp.verify_token(used)
    bob_totp.refresh_from_db()
    devices.append(describe_totp(bob_totp, usedCodes=[used], lastT=bob_totp.last_t, drift=bob_totp.drift))

    # bob: a counter-based token pressed twice; the second code used.
    bob_hotp = HOTPDevice.objects.create(user=users['bob'], name='Key fob', tolerance=3)
    codes = [str(hotp(bob_hotp.bin_key, c, 6)).zfill(6) for c in range(4)]
    assert bob_hotp.verify_token(codes[1])
    bob_hotp.refresh_from_db()
    devices.append({'table': 'otp_hotp_hotpdevice', 'pk': bob_hotp.pk, 'user': 'bob', 'name': 'Key fob',
                    'key': bob_hotp.key, 'digits': 6, 'counter': bob_hotp.counter, 'usedCodes': [codes[1]],
                    'tolerance': bob_hotp.tolerance})

    # bob: two-factor's phone devices; "default" is the primary one.
    phone = PhoneDevice.objects.create(user=users['bob'], name='default', number='+31612345678', method='sms')
    backup_phone = PhoneDevice.objects.create(user=users['bob'], name='backup', number='+31687654321', method='call')
    devices.append({'table': 'two_factor_phonedevice', 'pk': phone.pk, 'user': 'bob', 'name': 'default',
                    'number': phone.number, 'method': 'sms'})
    devices.append({'table': 'two_factor_phonedevice', 'pk': backup_phone.pk, 'user': 'bob', 'name': 'backup',
                    'number': backup_phone.number, 'method': 'call'})

    # carol: a throttled authenticator (three failures just now), an e-mail device without its own address.
    carol_totp = TOTPDevice.objects.create(user=users['carol'], name='default')
    for _ in range(3):
        carol_totp.throttle_increment()
    carol_totp.refresh_from_db()
    devices.append(describe_totp(carol_totp, lastT=carol_totp.last_t, drift=0,
                                 failures=carol_totp.throttling_failure_count,
                                 failedAt=carol_totp.throttling_failure_timestamp.timestamp() * 1000))
    carol_email = EmailDevice.objects.create(user=users['carol'], name='default-mail', email=None)
    devices.append({'table': 'otp_email_emaildevice', 'pk': carol_email.pk, 'user': 'carol', 'name': 'default-mail', 'email': None})

    # alice: a WebAuthn credential made by the TypeScript side's soft authenticator, used a few times in Django.
    from two_factor_webauthn.models import WebauthnDevice
    webauthn = WebauthnDevice.objects.create(user=users['alice'], name='Security key', key_handle=credential['keyHandle'],
                                             public_key=credential['publicKey'], sign_count=credential['signCount'])
    devices.append({'table': 'two_factor_webauthn_webauthndevice', 'pk': webauthn.pk, 'user': 'alice',
                    'name': 'Security key', 'counter': webauthn.sign_count})

    # erin: a locally validated YubiKey whose last accepted token was (session 3, counter 7).
    from otp_yubikey.models import RemoteYubikeyDevice, ValidationService, YubikeyDevice
    yubikey = YubikeyDevice.objects.create(user=users['erin'], name='YubiKey', session=3, counter=7)
    devices.append({'table': 'otp_yubikey_yubikeydevice', 'pk': yubikey.pk, 'user': 'erin', 'name': 'YubiKey',
                    'publicId': yubikey.public_id(), 'privateId': yubikey.private_id, 'key': yubikey.key,
                    'usageCounter': 3, 'sessionCounter': 7})

    # carol: a YubiKey checked by the "default" service, as two-factor's yubikey plugin sets one up.
    service = ValidationService.objects.create(name='default', api_id=12345, api_key='c2VjcmV0LWFwaS1rZXktMDEyMzQ1Njc=')
    other = ValidationService.objects.create(name='corporate', api_id=777, base_url='https://yk.example.org/wsapi/2.0/verify')
    remote = RemoteYubikeyDevice.objects.create(user=users['carol'], name='yubikey', service=service, public_id='vvccccbcgujh')
    devices.append({'table': 'otp_yubikey_remoteyubikeydevice', 'pk': remote.pk, 'user': 'carol', 'name': 'yubikey',
                    'publicId': 'vvccccbcgujh', 'service': 'default'})

    # dave: rows twofold cannot take over.
    short = TOTPDevice.objects.create(user=users['dave'], name='short key', key='00112233445566778899')
    slow = TOTPDevice.objects.create(user=users['dave'], name='slow', step=300)
    many = StaticDevice.objects.create(user=users['dave'], name='many')
    for i in range(60):
        many.token_set.create(token='token%02d' % i)
    bad_mail = EmailDevice.objects.create(user=users['dave'], name='bad', email='not-an-address')
    unconfigured = RemoteYubikeyDevice.objects.create(user=users['dave'], name='corp key', service=other, public_id='vvccccdddddd')
    same_key = RemoteYubikeyDevice.objects.create(user=users['dave'], name='stolen', service=service, public_id='vvccccbcgujh')
    unimportable = [('otp_totp_totpdevice', short.pk, 'key'), ('otp_totp_totpdevice', slow.pk, 'step'),
                    ('otp_static_staticdevice', many.pk, 'tokens'), ('otp_email_emaildevice', bad_mail.pk, 'address'),
                    ('otp_yubikey_remoteyubikeydevice', unconfigured.pk, 'corporate'),
                    ('otp_yubikey_remoteyubikeydevice', same_key.pk, 'vvccccbcgujh')]

    # erin: an unconfirmed authenticator and an 8-digit HOTP device.
    pending = TOTPDevice.objects.create(user=users['erin'], name='pending', confirmed=False)
    devices.append(describe_totp(pending, lastT=-1, drift=0))
    erin_hotp = HOTPDevice.objects.create(user=users['erin'], name='eight', digits=8)
    devices.append({'table': 'otp_hotp_hotpdevice', 'pk': erin_hotp.pk, 'user': 'erin', 'name': 'eight',
                    'key': erin_hotp.key, 'digits': 8, 'counter': 0, 'usedCodes': [], 'tolerance': erin_hotp.tolerance})

    # frank: a device whose owner the host's mapping leaves out.
    frank_totp = TOTPDevice.objects.create(user=users['frank'], name='default')
    devices.append(describe_totp(frank_totp, lastT=-1, drift=0))

    return {
        'now': int(time.time() * 1000),
        'users': {name: user.pk for name, user in users.items()},
        'devices': devices,
        'unimportable': [{'table': t, 'pk': pk, 'why': why} for t, pk, why in unimportable],
    }


def bulk(count):
    """Direct SQL: N users, each with a TOTP device; every 5th an e-mail device, every 1000th 3 static tokens."""
    from django.db import connection, transaction
    from django_otp.util import random_hex
    now = '2026-01-01 00:00:00+00:00'
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            'insert into auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, '
            'is_staff, is_active, date_joined) values (%s, %s, null, false, %s, %s, %s, %s, false, true, %s)',
            [(i, '!', 'user%06d' % i, '', '', 'user%06d@example.org' % i, now) for i in range(1, count + 1)])
        cursor.executemany(
            'insert into otp_totp_totpdevice (id, user_id, name, confirmed, key, step, t0, digits, tolerance, drift, '
            'last_t, throttling_failure_timestamp, throttling_failure_count) '
            'values (%s, %s, %s, true, %s, 30, 0, 6, 1, 0, %s, null, 0)',
            [(i, i, 'default', random_hex(20), 50000000 + i) for i in range(1, count + 1)])
        cursor.executemany(
            'insert into otp_email_emaildevice (id, user_id, name, confirmed, token, valid_until, email, '
            'throttling_failure_timestamp, throttling_failure_count) values (%s, %s, %s, true, null, %s, %s, null, 0)',
            [(i, i, 'mail', now, 'user%06d@example.org' % i) for i in range(5, count + 1, 5)])
        static_users = list(range(1000, count + 1, 1000))
        cursor.executemany(
            'insert into otp_static_staticdevice (id, user_id, name, confirmed, throttling_failure_timestamp, '
            'throttling_failure_count) values (%s, %s, %s, true, null, 0)',
            [(i, i, 'backup') for i in static_users])
        cursor.executemany('insert into otp_static_statictoken (device_id, token) values (%s, %s)',
                           [(i, 'tok%05d%s' % (i % 100000, c)) for i in static_users for c in 'abc'])
    return {'now': int(time.time() * 1000), 'users': count, 'totp': count, 'email': count // 5,
            'static': len(static_users)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--database', required=True)
    parser.add_argument('--schema')
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--users', type=int)
    parser.add_argument('--webauthn', help='JSON {keyHandle, publicKey, signCount} of a credential for alice')
    args = parser.parse_args()
    configure(args.database, args.schema)
    manifest = bulk(args.users) if args.users else scenario(json.loads(args.webauthn))
    manifest['django'] = '.'.join(str(part) for part in django.VERSION[:3])
    with open(args.manifest, 'w') as out:
        json.dump(manifest, out, indent=1)


if __name__ == '__main__':
    main()
