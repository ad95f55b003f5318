import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCsrf, csrfToken, isCrossSiteRequest, isValidCsrfToken } from '../../src/web/csrf.js';
import { preSessionCsrf } from '../../src/web/pre-session-csrf.js';
import { sessionKeys } from '../../src/web/session.js';
import { mapSession } from './map-session.js';

function memory(): { get(key: string): unknown; set(key: string, value: string): void; values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: (key) => values.get(key), set: (key, value) => values.set(key, value) };
}

function post(headers: Record<string, string>): Request {
  return new Request('https://app.example/account/login', { method: 'POST', headers });
}

describe('CSRF tokens', () => {
  it('are 256 random bits, created once per session and stored there', () => {
    const session = memory();
    const token = csrfToken(session, 'csrf');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(csrfToken(session, 'csrf'), token);
    assert.equal(session.values.get('csrf'), token);
    assert.notEqual(csrfToken(memory(), 'csrf'), token);
  });

  it('stay distinct and well formed across several batches of random bytes', () => {
    const tokens = new Set<string>();
    // 64 tokens per batch: 300 draws refill it four times.
    for (let i = 0; i < 300; i++) tokens.add(csrfToken(memory(), 'csrf'));
    assert.equal(tokens.size, 300);
    for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    // Zeroed bytes would read as runs of 'A': no token is made of them.
    for (const token of tokens) assert.doesNotMatch(token, /A{20}/);
  });

  it('replace a malformed stored token', () => {
    const session = memory();
    session.set('csrf', 'short');
    assert.notEqual(csrfToken(session, 'csrf'), 'short');
  });

  it('accept only the exact token of this session', () => {
    const session = memory();
    const token = csrfToken(session, 'csrf');
    assert.equal(isValidCsrfToken(session, 'csrf', token), true);
    const flipped = `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [undefined, null, '', token.slice(1), `${token}x`, flipped, ` ${token}`, `${token.slice(0, 42)}\u00e9`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), csrfToken(memory(), 'csrf'), [token]]) {
      assert.equal(isValidCsrfToken(session, 'csrf', wrong), false, String(wrong));
    }
    assert.equal(isValidCsrfToken(memory(), 'csrf', token), false, 'no token in the session');
  });
});

describe('cross-site requests', () => {
  it('trust Sec-Fetch-Site when present', () => {
    assert.equal(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-origin' })), false);
    assert.equal(isCrossSiteRequest(post({ 'sec-fetch-site': 'none' })), false);
    assert.equal(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-site' })), true);
    assert.equal(isCrossSiteRequest(post({ 'sec-fetch-site': 'cross-site' })), true);
    assert.equal(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })), false);
  });

  it('otherwise compare the Origin host', () => {
    assert.equal(isCrossSiteRequest(post({})), false);
    assert.equal(isCrossSiteRequest(post({ origin: 'https://app.example' })), false);
    assert.equal(isCrossSiteRequest(post({ origin: 'http://app.example' })), false, 'scheme differences behind a TLS proxy');
    assert.equal(isCrossSiteRequest(post({ origin: 'https://evil.example' })), true);
    assert.equal(isCrossSiteRequest(post({ origin: 'https://app.example.evil.example' })), true);
    assert.equal(isCrossSiteRequest(post({ origin: 'https://app.example:8443' })), true);
    assert.equal(isCrossSiteRequest(post({ origin: 'null' })), true);
    assert.equal(isCrossSiteRequest(post({ origin: 'garbage' })), true);
  });

  it('combine with the token in checkCsrf', () => {
    const session = memory();
    const token = csrfToken(session, 'csrf');
    assert.equal(checkCsrf(post({ origin: 'https://app.example' }), session, 'csrf', token), true);
    assert.equal(checkCsrf(post({ origin: 'https://evil.example' }), session, 'csrf', token), false);
    assert.equal(checkCsrf(post({}), session, 'csrf', 'nope'), false);
  });
});

describe('pre-session tokens', () => {
  const keys = sessionKeys();

  it('live in a __Host- cookie over HTTPS while the session holds nothing, and in the session once it does', () => {
    const session = mapSession();
    const csrf = preSessionCsrf(new Request('https://app.example/login'), session, keys, false);
    const token = csrfToken(csrf.session, keys.csrf);
    assert.equal(session.values.size, 0, 'nothing written to the session');
    const cookie = csrf.finish(new Response('page')).headers.get('set-cookie');
    assert.equal(cookie, `__Host-twofold_csrf=${token}; Path=/; HttpOnly; SameSite=Strict; Secure`);

    const next = preSessionCsrf(new Request('https://app.example/login', { headers: { cookie: `__Host-twofold_csrf=${token}` } }), session, keys, false);
    assert.equal(isValidCsrfToken(next.session, keys.csrf, token), true);
    assert.equal(csrfToken(next.session, keys.csrf), token);
    assert.equal(next.finish(new Response('page')).headers.get('set-cookie'), null);

    // A signed-in host user's session is stored anyway: its token is its own, never the cookie's.
    const signedIn = preSessionCsrf(new Request('https://app.example/login', { headers: { cookie: `__Host-twofold_csrf=${token}` } }), session, keys, true);
    assert.equal(isValidCsrfToken(signedIn.session, keys.csrf, token), false);
    const own = csrfToken(signedIn.session, keys.csrf);
    assert.notEqual(own, token);
    assert.equal(session.values.get(keys.csrf), own);
  });

  it('ignore a malformed cookie, and clear the cookie when the session id rotates', async () => {
    const session = mapSession();
    const malformed = preSessionCsrf(new Request('http://app.example/login', { headers: { cookie: 'twofold_csrf=short' } }), session, keys, false);
    assert.equal(isValidCsrfToken(malformed.session, keys.csrf, 'short'), false);
    const token = 'A'.repeat(43);
    const rotating = preSessionCsrf(new Request('http://app.example/login', { headers: { cookie: `twofold_csrf=${token}` } }), session, keys, false);
    assert.equal(isValidCsrfToken(rotating.session, keys.csrf, token), true);
    await rotating.session.regenerate([]);
    assert.equal(isValidCsrfToken(rotating.session, keys.csrf, token), false, 'not accepted after the rotation');
    assert.match(rotating.finish(new Response('')).headers.get('set-cookie') ?? '', /^twofold_csrf=; Max-Age=0;/);
  });
});
