/**
 * The challenge part of the Store conformance suite: what every store must do
 * with ceremony challenges (WebAuthn). Registered by `storeConformance`
 * inside its own describe block.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ChallengeRecord, ChallengeStore, Store } from '../../src/core/types.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { rejectsWith } from './conformance.js';

const T = 1_800_000_000_000;

/** A valid challenge record (id = SHA-256 of a fresh random challenge), with `overrides` applied. */
export function makeChallenge(overrides: Partial<ChallengeRecord> = {}): ChallengeRecord {
  const challenge = randomBytes(32).toString('base64url');
  return {
    id: createHash('sha256').update(challenge).digest('base64url'),
    userId: `user_${randomBytes(6).toString('base64url')}`,
    purpose: 'webauthn.get',
    bindingHash: createHash('sha256').update(randomBytes(16)).digest('base64url'),
    challenge,
    createdAt: T,
    expiresAt: T + 300_000,
    ...overrides,
  };
}

/** The challenge methods of a store, failing the test when it has none. */
export function challengeMethods(store: Store): ChallengeStore {
  const { putChallenge, takeChallenge, deleteExpiredChallenges } = store;
  assert.ok(putChallenge !== undefined && takeChallenge !== undefined && deleteExpiredChallenges !== undefined, 'the store implements the challenge methods');
  return {
    putChallenge: putChallenge.bind(store),
    takeChallenge: takeChallenge.bind(store),
    deleteExpiredChallenges: deleteExpiredChallenges.bind(store),
  };
}

/** Registers the challenge tests; `current` gives the shared store, `open` a fresh one for the close test. */
export function challengeConformance(current: () => Store, open: () => Promise<{ readonly store: Store; close(): Promise<void> }>): void {
  describe('challenges', () => {
    it('gives a challenge back exactly once, equal to what was put', async () => {
      const store = challengeMethods(current());
      const record = makeChallenge({ purpose: 'webauthn.create', challenge: 'A'.repeat(512), expiresAt: T });
      await store.putChallenge(record);
      assert.deepEqual(await store.takeChallenge(record.id), record);
      assert.equal(await store.takeChallenge(record.id), null, 'taken: gone');
      assert.equal(await store.takeChallenge('unknown'), null);
      assert.equal(await store.takeChallenge(''), null);
      assert.equal(await store.takeChallenge('x'.repeat(256)), null);
      await rejectsWith(store.takeChallenge(5 as unknown as string), 'INVALID_ARGUMENT');
    });

    it('returns an expired challenge (the caller says "expired"), and forgets expired ones on request', async () => {
      const store = challengeMethods(current());
      const expired = makeChallenge({ createdAt: 1000, expiresAt: 2000 });
      const boundary = makeChallenge({ createdAt: 1000, expiresAt: 3000 });
      const alive = makeChallenge({ createdAt: 1000, expiresAt: 3001 });
      for (const record of [expired, boundary, alive]) await store.putChallenge(record);
      assert.deepEqual(await store.takeChallenge(expired.id), expired);
      assert.ok((await store.deleteExpiredChallenges(3000)) >= 1);
      assert.equal(await store.takeChallenge(boundary.id), null, 'expiresAt at the instant counts as expired');
      assert.deepEqual(await store.takeChallenge(alive.id), alive);
      await rejectsWith(store.deleteExpiredChallenges(-1), 'INVALID_ARGUMENT');
    });

    it('prunes expired challenges while storing new ones', async () => {
      const store = challengeMethods(current());
      const old = makeChallenge({ createdAt: T + 10 * 86_400_000, expiresAt: T + 10 * 86_400_000 + 1 });
      await store.putChallenge(old);
      // A much later put sweeps (at most once a minute of the callers' clock).
      await store.putChallenge(makeChallenge({ createdAt: T + 20 * 86_400_000, expiresAt: T + 20 * 86_400_000 + 300_000 }));
      assert.equal(await store.takeChallenge(old.id), null);
    });

    it('rejects a duplicate id and keeps the original', async () => {
      const store = challengeMethods(current());
      const original = makeChallenge({ createdAt: T + 30 * 86_400_000, expiresAt: T + 30 * 86_400_000 + 300_000 });
      await store.putChallenge(original);
      await rejectsWith(store.putChallenge({ ...makeChallenge(), id: original.id, createdAt: original.createdAt, expiresAt: original.expiresAt }), 'STORE_ERROR', /already exists/);
      assert.deepEqual(await store.takeChallenge(original.id), original);
    });

    it('refuses malformed records with INVALID_ARGUMENT and stores nothing', async () => {
      const store = challengeMethods(current());
      const base = makeChallenge();
      const bad: [string, unknown][] = [
        ['not an object', null],
        ['empty id', { ...base, id: '' }],
        ['long user id', { ...base, userId: 'u'.repeat(256) }],
        ['purpose with capitals', { ...base, purpose: 'WebAuthn' }],
        ['binding not a digest', { ...base, bindingHash: 'session-id' }],
        ['short challenge', { ...base, challenge: 'abc' }],
        ['challenge not base64url', { ...base, challenge: `${'a'.repeat(20)}+/=` }],
        ['expiry before creation', { ...base, expiresAt: base.createdAt - 1 }],
        ['fractional time', { ...base, createdAt: 1.5 }],
        ['unknown field', { ...base, extra: 1 }],
      ];
      for (const [label, record] of bad) {
        await assert.rejects(store.putChallenge(record as ChallengeRecord), (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'), label);
      }
      assert.equal(await store.takeChallenge(base.id), null);
    });

    it('hands one challenge to exactly one of 20 concurrent takers', async () => {
      const store = challengeMethods(current());
      for (let round = 0; round < 5; round++) {
        const record = makeChallenge();
        await store.putChallenge(record);
        const taken = await Promise.all(Array.from({ length: 20 }, () => store.takeChallenge(record.id)));
        assert.equal(taken.filter((value) => value !== null).length, 1, `round ${round}`);
      }
    });

    it('refuses to work once closed', async () => {
      const second = await open();
      const store = challengeMethods(second.store);
      await second.store.close();
      await rejectsWith(store.putChallenge(makeChallenge()), 'STORE_ERROR', /closed/);
      await rejectsWith(store.takeChallenge('x'), 'STORE_ERROR', /closed/);
      await second.close();
    });
  });
}
