/**
 * What the layers above read from an instance (`twofold.settings`): the
 * environment, the issuer, the logger and the secrets, each given once to
 * `createTwofold`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createTwofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';

const SECRET = 'settings-test-secret-0123456789abcdefghijkl';
const quiet = { warn() {}, error() {} };

describe('twofold.settings', () => {
  it('exposes the environment, issuer, logger and secrets read-only', () => {
    const given = [SECRET];
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: given, issuer: 'Example', environment: 'production', logger: quiet });
    assert.equal(twofold.settings.production, true);
    assert.equal(twofold.settings.issuer, 'Example');
    assert.equal(twofold.settings.logger, quiet);
    assert.deepEqual(twofold.settings.secrets(), [SECRET]);
    given.push('changed-afterwards-0123456789abcdefghijklmnop');
    assert.deepEqual(twofold.settings.secrets(), [SECRET], 'a copy: the caller cannot change it later');
    assert.throws(() => (twofold.settings.secrets() as string[]).push('x'), TypeError);
    assert.throws(() => {
      (twofold.settings as { production: boolean }).production = false;
    }, TypeError);
    assert.doesNotMatch(inspect(twofold, { depth: 5 }), new RegExp(SECRET), 'printing the instance never prints a secret');
  });

  it('is not production outside it, and has no secrets when none were configured', () => {
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], environment: 'development', logger: quiet });
    assert.equal(twofold.settings.production, false);
    assert.deepEqual(twofold.settings.secrets(), []);
    assert.equal(twofold.settings.issuer, undefined);
  });
});
