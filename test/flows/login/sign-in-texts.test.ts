/**
 * A kind's own sign-in words (its presentation's `signIn`): a YubiKey is
 * touched, not read, on the sign-in step, the step-up page and "confirm it
 * is you"; the catalogs' `login.kind.<name>.*` translate them; a kind that
 * declares none keeps the general code wording; the pages with a device
 * choice carry each device's words for the page script.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../../src/assembly/index.js';
import { createTwofold } from '../../../src/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { yubikey } from '../../../src/devices/yubikey/index.js';
import { yubikeyRemote } from '../../../src/devices/yubikey-remote/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { withLanguage } from '../../../src/web/i18n/scope.js';
import { codeFieldWords, signInWords } from '../../../src/flows/login/sign-in-texts.js';
import { kindSentence, methodHint } from '../../../src/flows/account/device-names.js';
import { YUBIKEY_TOKEN_TEXTS } from '../../../src/devices/yubikey/presentation.js';
import { stepUpView, type StepUpPageModel } from '../../../src/flows/step-up/views.js';
import type { KindPresentation } from '../../../src/core/presentation.js';
import { TEST_SECRET } from '../../express/support.js';

const twofold = createTwofold({
  store: createMemoryStore(),
  kinds: [totp(), yubikey(), yubikeyRemote({ services: [{ name: 'default', clientId: '1', apiKey: Buffer.alloc(20, 1).toString('base64'), urls: ['http://127.0.0.1:9/verify'] }] })],
  secrets: [TEST_SECRET],
});

describe('a kind\'s sign-in words', () => {
  it('words both YubiKey kinds as a key to touch, in English and in every translation', () => {
    const english = createTranslator();
    for (const name of ['yubikey', 'yubikey-remote']) {
      const words = signInWords(english, twofold.kind(name), 'Blue key');
      assert.deepEqual(words, {
        title: 'Touch your YubiKey',
        prompt: 'Put Blue key in a USB port (or hold it to your phone), click the field below and touch the key.',
        field: 'Password from the key',
        hint: 'The key types a one-time password and presses Enter by itself.',
      });
    }
    const german = withLanguage('de', () => signInWords(english, twofold.kind('yubikey'), 'Blue key'));
    assert.ok(german !== null);
    assert.equal(german.field, 'Passwort vom Schlüssel');
    assert.match(german.prompt, /„Blue key“/);
    for (const locale of ['nl', 'fr', 'es', 'pt-BR']) {
      const words = withLanguage(locale, () => signInWords(english, twofold.kind('yubikey-remote'), 'Blue key'));
      assert.notEqual(words?.field, 'Password from the key', `${locale} translates the field`);
      assert.match(words?.prompt ?? '', /Blue key/, `${locale} names the device`);
    }
  });

  it('translates the YubiKey setup step and the wizard\'s hint for both kinds', () => {
    const english = createTranslator();
    for (const name of ['yubikey', 'yubikey-remote']) {
      const kind = twofold.kind(name);
      assert.ok(kind !== undefined);
      const declared = kind.presentation?.setup.token?.texts ?? YUBIKEY_TOKEN_TEXTS;
      for (const [key, text] of Object.entries(declared) as [string, string][]) assert.equal(kindSentence(english, name, key, text).text, text, `${name}.${key}: the catalog says what the kind declares`);
      assert.equal(withLanguage('de', () => kindSentence(english, name, 'title', declared.title).text), 'YubiKey hinzufügen');
      assert.match(withLanguage('fr', () => methodHint(english, kind)), /clé de sécurité/);
    }
  });

  it('leaves a code kind, an unknown kind and a kind of the host without words to the general wording, and uses a host kind\'s own', () => {
    const t = createTranslator();
    assert.equal(signInWords(t, twofold.kind('totp'), 'Phone'), null);
    assert.equal(signInWords(t, undefined, 'Phone'), null);
    const presentation: KindPresentation = {
      label: 'Badge',
      input: { type: 'text', maxLength: 20, autocomplete: 'off' },
      role: 'method',
      signIn: { prompt: 'Tap {device} on the reader.', field: 'Badge number' },
      setup: { steps: 'none', selfService: false },
    };
    const words = signInWords(t, { name: 'badge', presentation }, 'Door badge');
    assert.deepEqual(words, { title: null, prompt: 'Tap Door badge on the reader.', field: 'Badge number', hint: null });
  });

  it('gives a device choice the field words of each device, and the step-up page shows the selected one\'s', () => {
    const t = createTranslator();
    const general = t.text('field.token.hint');
    const key = codeFieldWords(t, twofold, { kind: 'yubikey', name: 'Blue key', interactive: false }, general);
    const app = codeFieldWords(t, twofold, { kind: 'totp', name: 'Phone', interactive: false }, general);
    assert.equal(key.autocomplete, 'off');
    assert.equal(key.inputMode, 'text');
    assert.equal(key.label, 'Password from the key');
    assert.deepEqual(app, { label: 'Code', hint: general, inputMode: 'numeric', autocomplete: 'one-time-code' });

    const model: StepUpPageModel = {
      t: (id, params) => t.text(id, params),
      csrfToken: 'csrf',
      csrfField: '_csrf',
      next: null,
      redirectField: 'next',
      urls: { login: '/login', logout: '/logout', stylesheet: '/twofold.css', script: '/twofold.js' },
      errors: [],
      notices: [],
      page: 'step-up',
      action: '/step-up',
      requirement: 'admin',
      resubmit: false,
      missing: [],
      devices: [
        { id: 'totp/1', name: 'Phone', kind: 'totp', interactive: false, selected: false },
        { id: 'yubikey/2', name: 'Blue key', kind: 'yubikey', interactive: false, selected: true },
      ],
      canSendCode: false,
      tokenInputMode: 'numeric',
      fieldWords: { 'totp/1': app, 'yubikey/2': key },
      password: null,
      passwordNeeded: null,
      noDevice: null,
    };
    const page = stepUpView(model).html;
    assert.match(page, /<label for="tf-token">Password from the key<\/label>/);
    assert.match(page, /<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="off" inputmode="text"/);
    assert.match(page, /<select id="tf-device" name="device" data-tf-words>/);
    assert.match(page, /<option value="totp\/1" data-tf-label="Code" data-tf-hint="[^"]+" data-tf-inputmode="numeric" data-tf-autocomplete="one-time-code">Phone<\/option>/);
    const withoutWords = stepUpView({ ...model, fieldWords: undefined }).html;
    assert.match(withoutWords, /<label for="tf-token">Code<\/label>/, 'a host view model without words keeps the general wording');
  });
});
