/**
 * WebAuthn in a real browser: Chromium with the DevTools virtual
 * authenticator (CTAP2 with resident keys and user verification, then U2F),
 * on a tiny test page that runs twofold's browser script, with every
 * server-side check done by the ceremonies. The page is served on 127.0.0.1
 * but visited as http://localhost (rp id `localhost`): 127.0.0.1 is not a
 * secure context for WebAuthn, localhost is.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { webauthn, webauthnBrowserScript, webauthnCeremonies, type WebAuthnCeremonies, type WebAuthnState } from '../../src/devices/webauthn/index.js';
import { mainText, navigate, screenshot, useBrowserSuite, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { plugInAuthenticator, virtualKeys } from '../support/virtual-authenticator.js';

const BINDING = 'browser-test-session-0001';
const USER = 'alice';

function escapeJson(value: unknown): string {
  // Inside <script type="application/json">, only "</" could end the element early.
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function page(title: string, body: string, scriptPath: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script src="${scriptPath}" defer></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function ceremonyForm(mode: 'register' | 'authenticate', action: string, options: unknown, label: string): string {
  return `<script type="application/json" id="webauthn-options">${escapeJson(options)}</script>
<form method="post" action="${action}" data-twofold-webauthn="${mode}" data-options="webauthn-options">
<input type="hidden" name="response"><input type="hidden" name="error">
<button type="submit">${label}</button><p data-twofold-webauthn-status role="status"></p></form>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return new URLSearchParams(text);
}

interface Site {
  readonly origin: string;
  readonly twofold: Twofold;
  readonly ceremonies: WebAuthnCeremonies;
  close(): Promise<void>;
}

async function startSite(): Promise<Site> {
  const script = await webauthnBrowserScript();
  const scriptPath = `/assets/${script.fileName}`;
  // The rp origin needs the port, known only once listening: the handler finds the ceremonies here.
  const holder: { ceremonies?: WebAuthnCeremonies } = {};
  const server: Server = createServer((request, response) => {
    void (async () => {
      const send = (status: number, html: string): void => {
        response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; script-src 'self'" });
        response.end(html);
      };
      const { ceremonies } = holder;
      if (ceremonies === undefined) throw new Error('not ready');
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method === 'GET' && path === scriptPath) {
        response.writeHead(200, { 'content-type': script.contentType, 'cache-control': 'public, max-age=31536000, immutable' });
        response.end(script.source);
      } else if (request.method === 'GET' && path === '/register') {
        const options = await ceremonies.startRegistration({ userId: USER, userName: 'alice@example.com', binding: BINDING });
        send(200, page('Add a security key', ceremonyForm('register', '/register', options, 'Add security key'), scriptPath));
      } else if (request.method === 'GET' && path === '/login') {
        const options = await ceremonies.startAuthentication({ userId: USER, binding: BINDING });
        send(200, page('Sign in', ceremonyForm('authenticate', '/login', options, 'Use security key'), scriptPath));
      } else if (request.method === 'POST' && (path === '/register' || path === '/login')) {
        const form = await formBody(request);
        const error = form.get('error') ?? '';
        if (error !== '') {
          send(200, page('Result', `<p id="result">cancelled: ${error}</p>`, scriptPath));
          return;
        }
        const input = { userId: USER, binding: BINDING, response: form.get('response') ?? '' };
        const result = path === '/register' ? await ceremonies.finishRegistration(input) : await ceremonies.finishAuthentication(input);
        const text = result.ok ? `ok: ${result.device.id}` : `failed: ${result.reason} ${'check' in result ? (result.check ?? '') : ''}`;
        send(200, page('Result', `<p id="result">${text}</p>`, scriptPath));
      } else {
        send(404, page('Not found', '', scriptPath));
      }
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  const kind = webauthn({ rpId: 'localhost', rpName: 'twofold test', origins: [origin] });
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: ['browser-test-secret-0123456789abcdefghij'], logger: { warn: () => undefined, error: () => undefined } });
  const ceremonies = webauthnCeremonies(twofold, kind);
  holder.ceremonies = ceremonies;
  return {
    origin,
    twofold,
    ceremonies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function runCeremony(tab: Page, origin: string, path: string): Promise<string> {
  await tab.goto(`${origin}${path}`);
  await navigate(tab, () => tab.getByRole('button').click());
  return tab.locator('#result').innerText();
}

describe('webauthn in Chromium with the virtual authenticator', () => {
  const suite = useBrowserSuite({ startHost: startSite });

  it('registers a CTAP2 key and a U2F key, signs in with each, and reports a cancelled ceremony', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const { origin, twofold } = run.host;
    const tab = run.page;
    const keys = await virtualKeys(tab);
    const { cdp } = keys;

    const ctap2 = await plugInAuthenticator(keys, 'ctap2');
    const registered = await runCeremony(tab, origin, '/register');
    assert.match(registered, /^ok: /, registered);
    await screenshot(tab, 'webauthn-registered');
    const [first] = await twofold.listDevices(USER);
    assert.ok(first !== undefined);
    const firstState = first.state as WebAuthnState;
    assert.equal(firstState.userVerified, true);
    assert.deepEqual(firstState.transports, ['usb']);
    assert.equal(firstState.backupEligible, false);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId: ctap2 });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.isResidentCredential, true, 'a discoverable credential (passkey-style) on CTAP2');

    const signedIn = await runCeremony(tab, origin, '/login');
    assert.equal(signedIn, `ok: ${first.id}`);
    await screenshot(tab, 'webauthn-signed-in');

    // A second key, on the older U2F protocol (no user verification, no resident keys).
    const u2f = await plugInAuthenticator(keys, 'u2f');
    const second = await runCeremony(tab, origin, '/register');
    assert.match(second, /^ok: /, second);
    const devices = await twofold.listDevices(USER);
    assert.equal(devices.length, 2);
    const secondDevice = devices.find((device) => device.id !== first.id);
    assert.ok(secondDevice !== undefined);
    assert.equal((secondDevice.state as WebAuthnState).userVerified, false);
    assert.equal(await runCeremony(tab, origin, '/login'), `ok: ${secondDevice.id}`, 'signs in with the key that is present');

    // The U2F key loses its credential: the browser finds no allowed key and the page says so.
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId: u2f });
    await plugInAuthenticator(keys, 'ctap2');
    const cancelled = await runCeremony(tab, origin, '/login');
    assert.equal(cancelled, 'cancelled: NotAllowedError');
    await screenshot(tab, 'webauthn-cancelled');
    assert.match(await mainText(tab), /cancelled/);
  });
});
