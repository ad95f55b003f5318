/**
 * The flows' requirements as configuration: the account's per action
 * (checked at start-up, a function per device for removals, the default
 * where none is given), registered with the step-up page; and the admin's
 * in the one-call factories (on by default, replaceable, off with null).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, isTwofoldError, type Device } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { resolveWebConfig } from '../../../src/assembly/options.js';
import { resolveTwofoldApp } from '../../../src/assembly/app.js';
import { ACCOUNT_RECENT_REQUIREMENT } from '../../../src/flows/account/index.js';
import { DEFAULT_ADMIN_REQUIREMENT } from '../../../src/flows/admin/index.js';
import { defineRequirement, type Requirement } from '../../../src/web/step-up/index.js';
import { TEST_SECRET } from '../../express/support.js';

const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
const KEY = defineRequirement('remove-key', { factor: 'second-factor', phishingResistant: true, within: 300 });
const TURN_OFF = defineRequirement('turn-off', { allOf: [{ factor: 'password', within: 300 }, { factor: 'second-factor', within: 300 }] });

function configError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message));
}

const device = (kind: string): Device => ({ kind }) as Device;

describe("the flows' requirements", () => {
  it('gives each account action its requirement, the default where none is given, and registers the static ones', () => {
    const config = resolveWebConfig({
      twofold,
      account: { recentVerificationSeconds: 600, requirements: { disable: TURN_OFF, removeDevice: (target) => (target.kind === 'webauthn' ? KEY : undefined) } },
      requirements: [KEY],
    });
    const account = config.account!;
    assert.equal(account.recentRequirement.name, ACCOUNT_RECENT_REQUIREMENT);
    assert.deepEqual(account.recentRequirement.spec, { factor: 'second-factor', within: 600 });
    assert.equal(account.requirementFor('disable'), TURN_OFF);
    assert.equal(account.requirementFor('addDevice'), account.recentRequirement);
    assert.equal(account.requirementFor('removeDevice', device('webauthn')), KEY);
    assert.equal(account.requirementFor('removeDevice', device('totp')), account.recentRequirement);
    assert.equal(account.requirementFor('removeDevice', null), account.recentRequirement, 'an unknown device: the default');
    assert.deepEqual([...config.stepUp.requirements.keys()], ['remove-key', 'turn-off'], 'the static one is served without being listed');
  });

  it('refuses account requirements that are not requirements, unknown actions, the default name, and a clash with the listed ones', () => {
    configError(() => resolveWebConfig({ twofold, account: { requirements: { wipe: TURN_OFF } as never } }), /unknown action "wipe"/);
    configError(() => resolveWebConfig({ twofold, account: { requirements: { disable: 'turn-off' as unknown as Requirement } } }), /account\.requirements\.disable must be made with defineRequirement/);
    configError(
      () => resolveWebConfig({ twofold, account: { requirements: { disable: defineRequirement(ACCOUNT_RECENT_REQUIREMENT, { factor: 'password' }) } } }),
      /"account-recent" is the default's/,
    );
    configError(
      () => resolveWebConfig({ twofold, account: { requirements: { disable: TURN_OFF } }, requirements: [defineRequirement('turn-off', { factor: 'password' })] }),
      /"turn-off" is also a requirement of the account pages or the admin, with other rules/,
    );
  });

  it("puts the admin's requirement in the one-call factories: within the hour by default, replaceable, off with null", () => {
    const staff = { isStaff: () => true };
    const byDefault = resolveTwofoldApp(twofold, staff);
    assert.equal(byDefault.config.stepUp.requirements.get('admin'), DEFAULT_ADMIN_REQUIREMENT);
    assert.deepEqual(DEFAULT_ADMIN_REQUIREMENT.spec, { factor: 'second-factor', within: 3600 });
    const strict = defineRequirement('admin', { factor: 'second-factor', within: 900 });
    assert.equal(resolveTwofoldApp(twofold, { ...staff, admin: { requirement: strict } }).config.stepUp.requirements.get('admin'), strict);
    assert.equal(resolveTwofoldApp(twofold, { ...staff, admin: { requirement: null } }).config.stepUp.requirements.has('admin'), false);
    assert.equal(resolveTwofoldApp(twofold, {}).config.stepUp.requirements.has('admin'), false, 'no admin, no requirement');
    configError(() => resolveTwofoldApp(twofold, { ...staff, requirements: [defineRequirement('admin', { factor: 'password' })] }), /"admin" is the admin's requirement name/);
  });
});
