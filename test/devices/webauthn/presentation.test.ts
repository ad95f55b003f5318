/**
 * The `webauthn` kind as the pages see it: its presentation, the generic
 * ceremony seam (`setup.ceremony.ceremonies(twofold)`) that flows call
 * without naming the kind, how a credential is described, and that one
 * credential belongs to one user only.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ceremonyKindOf, ceremonyKinds, describeDevice, presentationOf } from '../../../src/devices/presentation.js';
import { describeWebAuthnDevice, webauthnBrowserScriptSync, type WebAuthnState } from '../../../src/devices/webauthn/index.js';
import { harness, key, register, SESSION_A, SESSION_B } from './support.js';
import { createTranslator } from '../../../src/assembly/messages.js';
import { kindSentence } from '../../../src/flows/account/device-names.js';
import { withLanguage } from '../../../src/web/i18n/scope.js';
import { SUPPORTED_LANGUAGES } from '../../../src/web/i18n/locales/index.js';

const STATE: WebAuthnState = {
  credentialId: 'AAAAAAAAAAAAAAAAAAAAAA',
  counter: 3,
  transports: ['usb', 'nfc'],
  backupEligible: false,
  backedUp: false,
  aaguid: '00000000-0000-0000-0000-000000000000',
  userVerified: true,
  attestationFormat: 'none',
  userHandle: 'AAAAAAAAAAAAAAAAAAAAAA',
  cloneSuspected: false,
  lastChallenge: null,
};

describe('webauthn presentation', () => {
  it('declares a ceremony method with its texts, and no code settings', () => {
    const h = harness();
    const presentation = presentationOf(h.kind);
    assert.equal(presentation.label, 'Security key or passkey');
    assert.equal(presentation.input.type, 'ceremony');
    assert.equal(presentation.role, 'method');
    assert.equal(presentation.setup.steps, 'ceremony');
    assert.equal(presentation.settings?.(STATE), null);
    const found = ceremonyKindOf(h.twofold, 'webauthn');
    assert.ok(found !== null);
    assert.match(found.texts.noscript, /JavaScript/);
    assert.equal(ceremonyKindOf(h.twofold, 'totp'), null);
    assert.deepEqual(ceremonyKinds(h.twofold).map(({ kind }) => kind.name), ['webauthn']);
    // The same object for the same instance: the pages' ceremonies and the host's are one (one set of listeners).
    assert.equal(found.ceremony, ceremonyKindOf(h.twofold, 'webauthn')?.ceremony);
    assert.equal(found.ceremony.script().fileName, webauthnBrowserScriptSync().fileName);
    assert.match(found.ceremony.script().fileName, /^twofold-webauthn\.[A-Za-z0-9_-]{16}\.js$/);
  });

  it('tells a hardware key from a synced passkey, and warns of a suspected clone, never showing key material', () => {
    const hardware = describeWebAuthnDevice(STATE);
    assert.deepEqual(hardware, { lines: ['Hardware key bound to one device', 'Connects by USB, NFC'], warning: null });
    const synced = describeWebAuthnDevice({ ...STATE, backupEligible: true, backedUp: true, transports: ['hybrid', 'internal'] });
    assert.deepEqual(synced.lines, ['Synced passkey', 'Connects by phone, built into the device']);
    const cloned = describeWebAuthnDevice({ ...STATE, cloneSuspected: true });
    assert.match(cloned.warning ?? '', /may have been copied/);
    const text = JSON.stringify([hardware, synced, cloned]);
    assert.ok(!text.includes(STATE.credentialId) && !text.includes(STATE.aaguid));
  });

  it("says what it says of a key in the reader's language, through the catalogs' account.kind.webauthn.description.*", () => {
    const t = createTranslator();
    const seen = new Map<string, string[]>();
    const words = (key: string, english: string, params?: Readonly<Record<string, string>>) => {
      seen.set(key, [...(seen.get(key) ?? []), english]);
      return kindSentence(t, 'webauthn', key, english, params).text;
    };
    const states: WebAuthnState[] = [
      { ...STATE, cloneSuspected: true, transports: ['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'] },
      { ...STATE, backupEligible: true, backedUp: true },
      { ...STATE, backupEligible: true, backedUp: false },
    ];
    const english = states.map((state) => describeWebAuthnDevice(state, words));
    assert.deepEqual(english, states.map((state) => describeWebAuthnDevice(state)), 'English through the catalog is the kind’s own English');
    assert.deepEqual([...seen.keys()].filter((key) => !key.startsWith('description.')), [], 'every sentence has a description key');
    for (const language of SUPPORTED_LANGUAGES.filter((code) => code !== 'en')) {
      const translated = withLanguage(language, () => states.map((state) => describeWebAuthnDevice(state, words)));
      for (const [index, description] of translated.entries()) {
        const original = english[index];
        assert.ok(original !== undefined);
        description.lines.forEach((line, at) => assert.notEqual(line, original.lines[at], `${language}: ${line}`));
        if (original.warning !== null) assert.notEqual(description.warning, original.warning, language);
        assert.doesNotMatch([...description.lines, description.warning].join('\n'), /[{}]|undefined/, language);
      }
      const connects = translated[0]?.lines[1] ?? '';
      assert.doesNotMatch(connects, /[ ,](smart card|phone|built into)/, `${language}: the connections are named in the language too`);
    }
  });

  it('runs registration and sign-in through the generic seam, and describes the device it made', async () => {
    const h = harness();
    const ceremony = ceremonyKindOf(h.twofold, 'webauthn')?.ceremony;
    assert.ok(ceremony !== undefined);
    const authenticator = key({ synced: true, counts: false });
    const creation = await ceremony.startRegistration({ userId: 'alice', userName: 'alice@example.com', binding: SESSION_A });
    const response = JSON.stringify(authenticator.register(creation as never));
    const registered = await ceremony.finishRegistration({ userId: 'alice', binding: SESSION_A, response, name: 'Phone' });
    assert.ok(registered.ok);
    assert.equal(registered.device.name, 'Phone');
    assert.deepEqual(describeDevice(h.twofold, registered.device)?.lines[0], 'Synced passkey');
    const replay = await ceremony.finishRegistration({ userId: 'alice', binding: SESSION_A, response, name: 'Phone' });
    assert.deepEqual(replay, { ok: false, reason: 'expired' });

    const request = await ceremony.startAuthentication({ userId: 'alice', binding: SESSION_B });
    assert.ok(request !== null);
    assert.equal(await ceremony.startAuthentication({ userId: 'bob', binding: SESSION_B }), null);
    const assertion = JSON.stringify(authenticator.assert(request as never));
    const wrongSession = await ceremony.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: assertion });
    assert.equal(wrongSession.ok ? 'ok' : wrongSession.reason, 'invalid');
    const again = await ceremony.startAuthentication({ userId: 'alice', binding: SESSION_B });
    assert.ok(again !== null);
    const used = await ceremony.finishAuthentication({ userId: 'alice', binding: SESSION_B, response: JSON.stringify(authenticator.assert(again as never)) });
    assert.ok(used.ok);
    assert.equal(used.device.persistentId, registered.device.persistentId);
  });
});

describe('webauthn credentials belong to one user', () => {
  it("refuses a credential another user registered, and keeps that user's device", async () => {
    const h = harness();
    const authenticator = key({ seed: 'shared-key' });
    const alices = await register(h, authenticator, 'alice');
    const options = await h.ceremonies.startRegistration({ userId: 'bob', userName: 'bob@example.com', binding: SESSION_B });
    const result = await h.ceremonies.finishRegistration({ userId: 'bob', binding: SESSION_B, response: authenticator.register(options) });
    assert.equal(result.ok ? 'ok' : result.reason, 'already-registered');
    assert.deepEqual(await h.twofold.listDevices('bob'), []);
    const kept = await h.twofold.listDevices('alice');
    assert.deepEqual(kept.map((device) => device.persistentId), [alices.persistentId]);
  });
});
