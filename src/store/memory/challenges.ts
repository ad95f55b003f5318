/**
 * The challenge part of the in-memory store. `takeChallenge` reads and deletes
 * without yielding, so of concurrent calls for one id at most one gets it.
 */
import { TwofoldError } from '../../core/errors.js';
import type { ChallengeRecord, ChallengeStore } from '../../core/types.js';
import { CHALLENGE_SWEEP_INTERVAL_MS, checkChallenge, checkChallengeTime } from '../challenges.js';
import { lookupKey } from '../validate.js';

/** In-memory challenges; `ensureOpen` throws once the store is closed, `clear` empties them on close. */
export function memoryChallenges(ensureOpen: () => void): { readonly methods: ChallengeStore; readonly clear: () => void } {
  const records = new Map<string, ChallengeRecord>();
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  function deleteExpired(at: number): number {
    let deleted = 0;
    for (const record of [...records.values()]) {
      if (record.expiresAt <= at && records.delete(record.id)) deleted++;
    }
    return deleted;
  }

  const methods: ChallengeStore = {
    async putChallenge(record) {
      ensureOpen();
      const checked = checkChallenge(record);
      if (checked.createdAt - lastSweepAt >= CHALLENGE_SWEEP_INTERVAL_MS) {
        deleteExpired(checked.createdAt);
        lastSweepAt = checked.createdAt;
      }
      if (records.has(checked.id)) {
        throw new TwofoldError('STORE_ERROR', `putChallenge: a challenge with id ${checked.id} already exists`);
      }
      records.set(checked.id, checked);
      return Promise.resolve();
    },

    async takeChallenge(id) {
      ensureOpen();
      const key = lookupKey(id, 'takeChallenge: id');
      const found = key === null ? undefined : records.get(key);
      if (found === undefined) return Promise.resolve(null);
      records.delete(found.id);
      return Promise.resolve({ ...found });
    },

    async deleteExpiredChallenges(at) {
      ensureOpen();
      return Promise.resolve(deleteExpired(checkChallengeTime(at)));
    },
  };
  return {
    methods,
    clear: () => {
      records.clear();
    },
  };
}
