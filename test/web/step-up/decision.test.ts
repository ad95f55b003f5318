/**
 * The step-up decision on a real session and store: allowed while fresh,
 * refused with the ways the user can satisfy it once the window passes,
 * and the JSON refusal's shape.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../src/core/clock.js';
import { createTwofold } from '../../../src/core/twofold.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { createOtpContext } from '../../../src/web/verification.js';
import { decideStepUp, defineRequirement, stepUpRefusal } from '../../../src/web/step-up/index.js';
import type { DeviceKind } from '../../../src/core/types.js';
import { sequenceKind } from '../../core/fixtures.js';
import { mapSession } from '../map-session.js';

const START = Date.UTC(2026, 11, 6, 9, 0, 0);

async function setup() {
  const clock = manualClock(START);
  const securityKey = {
    ...sequenceKind({ name: 'test-key' }),
    assurance: () => ({ authenticator: 'single-factor-cryptographic', phishingResistant: true, hardwareBound: true, aal2: true }),
  } as unknown as DeviceKind;
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), securityKey],
    clock: clock.now,
    secrets: ['step-up-decision-tests-secret-0123456789'],
    logger: { warn() {}, error() {} },
  });
  const phone = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Phone', confirmed: true });
  const key = await twofold.createDevice({ userId: 'alice', kind: 'test-key', name: 'Blue key', confirmed: true });
  const session = mapSession();
  const context = () => createOtpContext({ twofold, session, getUser: () => ({ id: 'alice' }) });
  return { clock, twofold, phone, key, session, context };
}

describe('decideStepUp', () => {
  it('refuses an anonymous request with login_required (401)', async () => {
    const { twofold, session } = await setup();
    const otp = createOtpContext({ twofold, session, getUser: () => null });
    const decision = await decideStepUp(twofold, otp, defineRequirement('any', { factor: 'second-factor' }));
    assert.deepEqual(decision, { type: 'login-required' });
    if (decision.type === 'allowed') return;
    const response = stepUpRefusal(decision);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'login_required' });
  });

  it('allows a fresh factor, then asks again after the window, offering only the devices that qualify', async () => {
    const { clock, twofold, phone, key, context } = await setup();
    const payments = defineRequirement('payments', { factor: 'second-factor', phishingResistant: true, within: 300 });
    const dashboard = defineRequirement('dashboard', { factor: 'second-factor', within: 12 * 3600 });

    await context().login(phone);
    const refused = await decideStepUp(twofold, context(), payments);
    assert.equal(refused.type, 'step-up-required');
    assert.deepEqual(refused.ways, [
      { possible: true, factors: [{ rule: { factor: 'second-factor', within: 300, phishingResistant: true }, devices: [{ persistentId: key.persistentId, kind: 'test-key', name: 'Blue key' }] }] },
    ]);
    const response = stepUpRefusal(refused);
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), {
      error: 'step_up_required',
      requirement: 'payments',
      ways: [{ possible: true, factors: [{ factor: 'second-factor', within: 300, phishingResistant: true, devices: [{ id: key.persistentId, kind: 'test-key', name: 'Blue key' }] }] }],
    });
    assert.equal((await decideStepUp(twofold, context(), dashboard)).type, 'allowed', 'the TOTP code satisfies the dashboard');

    clock.advance(60);
    await context().login(key);
    const allowed = await decideStepUp(twofold, context(), payments);
    assert.equal(allowed.type, 'allowed');
    assert.equal(allowed.check.expiresAt, START + 60_000 + 300_000);

    clock.advance(300);
    assert.equal((await decideStepUp(twofold, context(), payments)).type, 'step-up-required', 'asked again after 5 minutes');
    assert.equal((await decideStepUp(twofold, context(), dashboard)).type, 'allowed');
  });

  it('marks a way impossible when the user has no device for it, and lists possible ways first', async () => {
    const { twofold, phone, context } = await setup();
    const hardware = defineRequirement('hardware', {
      anyOf: [
        { factor: 'second-factor', kinds: ['webauthn'], within: 60 },
        { factor: 'second-factor', kinds: ['totp'], within: 60 },
      ],
    });
    await twofold.deleteDevice('alice', phone.persistentId);
    const decision = await decideStepUp(twofold, context(), hardware);
    assert.equal(decision.type, 'step-up-required');
    assert.deepEqual(
      decision.ways.map((way) => [way.possible, way.factors.map((factor) => factor.rule.factor === 'second-factor' && factor.rule.kinds)]),
      [
        [false, [['webauthn']]],
        [false, [['totp']]],
      ],
    );
  });
});
