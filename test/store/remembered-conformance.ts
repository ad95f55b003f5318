/**
 * The remembered-browser part of the Store conformance suite: what every
 * store must do with "remember this browser" records. Registered by
 * `storeConformance` inside its own describe block.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { RememberedBrowserRecord, Store } from '../../src/core/types.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { TwofoldErrorCode } from '../../src/core/errors.js';

const T = 1_800_000_000_000;
const DAY = 86_400_000;

function id(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** A valid record with unique ids, with `overrides` applied. */
export function makeRememberedBrowser(overrides: Partial<RememberedBrowserRecord> = {}): RememberedBrowserRecord {
  return {
    id: id('rb'),
    userId: id('user'),
    deviceId: id('dev'),
    tokenHash: digest(randomBytes(32).toString('hex')),
    passwordHash: digest('fingerprint'),
    createdAt: T,
    expiresAt: T + 30 * DAY,
    lastUsedAt: null,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 “ünïcödé”',
    ...overrides,
  };
}

async function rejectsWith(promise: Promise<unknown>, code: TwofoldErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isTwofoldError(error, code), `expected TwofoldError ${code}, got ${String(error)}`);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

/** Registers the remembered-browser tests; `current` gives the shared store, `open` a fresh one for the close test. */
export function rememberedBrowserConformance(current: () => Store, open: () => Promise<{ readonly store: Store; close(): Promise<void> }>): void {
  describe('remembered browsers', () => {
    it('gives back exactly what was inserted, and null for unknown or malformed ids', async () => {
      const store = current();
      const record = makeRememberedBrowser({ lastUsedAt: T + 5, userAgent: '' });
      await store.insertRememberedBrowser(record);
      assert.deepEqual(await store.getRememberedBrowser(record.id), record);
      const full = makeRememberedBrowser({ userAgent: 'u'.repeat(512), expiresAt: T });
      await store.insertRememberedBrowser(full);
      assert.deepEqual(await store.getRememberedBrowser(full.id), full);
      assert.equal(await store.getRememberedBrowser(id('rb')), null);
      assert.equal(await store.getRememberedBrowser(''), null);
      assert.equal(await store.getRememberedBrowser('x'.repeat(256)), null);
      assert.equal(await store.getRememberedBrowser('a\u0000b'), null);
      await rejectsWith(store.getRememberedBrowser(7 as unknown as string), 'INVALID_ARGUMENT');
    });

    it('rejects a duplicate id and keeps the original', async () => {
      const store = current();
      const original = makeRememberedBrowser();
      await store.insertRememberedBrowser(original);
      await rejectsWith(store.insertRememberedBrowser(makeRememberedBrowser({ id: original.id })), 'STORE_ERROR', /already exists/);
      assert.deepEqual(await store.getRememberedBrowser(original.id), original);
    });

    it('refuses malformed records with INVALID_ARGUMENT and stores nothing', async () => {
      const store = current();
      const base = makeRememberedBrowser();
      const bad: [string, unknown][] = [
        ['not an object', null],
        ['empty id', { ...base, id: '' }],
        ['long user id', { ...base, userId: 'u'.repeat(256) }],
        ['device id with NUL', { ...base, deviceId: 'a\u0000b' }],
        ['token hash in clear', { ...base, tokenHash: 'the-plain-token' }],
        ['short password hash', { ...base, passwordHash: 'abc' }],
        ['negative time', { ...base, createdAt: -1 }],
        ['fractional time', { ...base, expiresAt: T + 0.5 }],
        ['expiry before creation', { ...base, expiresAt: T - 1 }],
        ['last use not a number', { ...base, lastUsedAt: 'yesterday' }],
        ['long user agent', { ...base, userAgent: 'x'.repeat(513) }],
        ['user agent with a newline', { ...base, userAgent: 'a\nb' }],
        ['missing field', { ...base, userAgent: undefined }],
        ['unknown field', { ...base, token: 'plain' }],
      ];
      for (const [label, value] of bad) {
        await rejectsWith(store.insertRememberedBrowser(value as RememberedBrowserRecord), 'INVALID_ARGUMENT', /insertRememberedBrowser/).catch(
          (error: unknown) => {
            throw new Error(`${label}: ${String(error)}`);
          },
        );
      }
      assert.equal(await store.getRememberedBrowser(base.id), null);
    });

    it('lists one user\'s browsers oldest first (ties by id), expired ones included, nobody else\'s', async () => {
      const store = current();
      const userId = id('user');
      const late = makeRememberedBrowser({ userId, createdAt: T + 10 });
      const tiedA = makeRememberedBrowser({ userId, id: 'rb_tie_a' + randomBytes(4).toString('hex'), createdAt: T });
      const tiedB = makeRememberedBrowser({ userId, id: 'rb_tie_b' + randomBytes(4).toString('hex'), createdAt: T });
      const expired = makeRememberedBrowser({ userId, createdAt: T - DAY, expiresAt: T - 1 });
      for (const record of [late, tiedB, expired, tiedA]) await store.insertRememberedBrowser(record);
      await store.insertRememberedBrowser(makeRememberedBrowser());
      assert.deepEqual(await store.listRememberedBrowsers(userId), [expired, tiedA, tiedB, late]);
      assert.deepEqual(await store.listRememberedBrowsers(id('user')), []);
      assert.deepEqual(await store.listRememberedBrowsers(''), []);
    });

    it('records the last use without moving the expiry', async () => {
      const store = current();
      const record = makeRememberedBrowser();
      await store.insertRememberedBrowser(record);
      assert.equal(await store.touchRememberedBrowser(record.id, T + DAY), true);
      assert.deepEqual(await store.getRememberedBrowser(record.id), { ...record, lastUsedAt: T + DAY });
      assert.equal(await store.touchRememberedBrowser(id('rb'), T), false);
      await rejectsWith(store.touchRememberedBrowser(record.id, -1), 'INVALID_ARGUMENT');
    });

    it('deletes one, a user\'s, a device\'s and the expired ones, and says how many', async () => {
      const store = current();
      const userId = id('user');
      const deviceId = id('dev');
      const a = makeRememberedBrowser({ userId, deviceId });
      const b = makeRememberedBrowser({ userId, deviceId });
      const c = makeRememberedBrowser({ userId });
      const stranger = makeRememberedBrowser({ deviceId: id('dev') });
      for (const record of [a, b, c, stranger]) await store.insertRememberedBrowser(record);

      assert.equal(await store.deleteRememberedBrowser(c.id), true);
      assert.equal(await store.deleteRememberedBrowser(c.id), false);
      assert.equal(await store.deleteDeviceRememberedBrowsers(deviceId), 2);
      assert.deepEqual(await store.listRememberedBrowsers(userId), []);
      assert.deepEqual(await store.getRememberedBrowser(stranger.id), stranger);

      const d = makeRememberedBrowser({ userId });
      const e = makeRememberedBrowser({ userId });
      await store.insertRememberedBrowser(d);
      await store.insertRememberedBrowser(e);
      assert.equal(await store.deleteUserRememberedBrowsers(userId), 2);
      assert.equal(await store.deleteUserRememberedBrowsers(userId), 0);
      assert.deepEqual(await store.getRememberedBrowser(stranger.id), stranger);

      // Expiry: a row expiring exactly at `at` goes, one expiring a millisecond later stays.
      const far = 9_000_000_000_000;
      const atLimit = makeRememberedBrowser({ createdAt: far - DAY, expiresAt: far });
      const after = makeRememberedBrowser({ createdAt: far - DAY, expiresAt: far + 1 });
      await store.insertRememberedBrowser(atLimit);
      await store.insertRememberedBrowser(after);
      assert.ok((await store.deleteExpiredRememberedBrowsers(far)) >= 1);
      assert.equal(await store.getRememberedBrowser(atLimit.id), null);
      assert.deepEqual(await store.getRememberedBrowser(after.id), after);
      await store.deleteRememberedBrowser(after.id);
    });

    it('is independent of the devices table: deleting devices leaves the rows (the web layer removes them)', async () => {
      const store = current();
      const record = makeRememberedBrowser();
      await store.insertRememberedBrowser(record);
      await store.deleteUserDevices(record.userId);
      assert.deepEqual(await store.getRememberedBrowser(record.id), record);
    });

    it('hands out copies', async () => {
      const store = current();
      const record = makeRememberedBrowser();
      await store.insertRememberedBrowser(record);
      const first = await store.getRememberedBrowser(record.id);
      assert.ok(first !== null);
      (first as { userAgent: string }).userAgent = 'changed';
      const [listed] = await store.listRememberedBrowsers(record.userId);
      (listed as { expiresAt: number }).expiresAt = 0;
      assert.deepEqual(await store.getRememberedBrowser(record.id), record);
    });

    it('refuses to work once closed', async () => {
      const second = await open();
      const record = makeRememberedBrowser();
      await second.store.insertRememberedBrowser(record);
      await second.store.close();
      await rejectsWith(second.store.getRememberedBrowser(record.id), 'STORE_ERROR', /closed/);
      await rejectsWith(second.store.insertRememberedBrowser(makeRememberedBrowser()), 'STORE_ERROR', /closed/);
      await rejectsWith(second.store.deleteUserRememberedBrowsers(record.userId), 'STORE_ERROR', /closed/);
      await second.close();
    });
  });
}
