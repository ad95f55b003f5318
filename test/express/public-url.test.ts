/**
 * The Express adapter writes a plain request path after the origin without
 * parsing it (src/express/request.ts `publicHref`): for every path, the
 * result must be what `new URL(path, origin)` gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request as ExpressRequest } from 'express';
import { publicHref } from '../../src/express/request.js';

const PATHS = [
  '/', '/a', '/account/api/login/verify', '/a?b=1&c=2', '/a?', '/a;b=c', '/a:b@c', '/~u', '/a.b/c', '/A/B', '/a|b', '/a%41', '/a%zz', '/%',
  '/a/../b', '/a/./b', '/a/%2e%2E/b', '/a/%2E/b', '/.', '/a/.', '/a/..', '/a/.hidden', '//evil.example/x', '/a b', "/a'b", "/a?x='",
  '/a"b', '/a<b>', '/a\\b', '/a#f', '/a^b', '/a`b', '/a{b}', '/é', '/a/%2f', '/a?q=%2e%2e', '/a\tb',
];

/** The href, or the error's name when there is none (the adapter then throws, as before). */
function outcome(make: () => string): string {
  try {
    return make();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function fakeRequest(originalUrl: string): ExpressRequest {
  return { originalUrl, protocol: 'https', host: 'example.com:8443' } as unknown as ExpressRequest;
}

test('publicHref equals new URL(path, origin).href for plain and unusual paths', () => {
  for (const path of PATHS) assert.equal(outcome(() => publicHref(fakeRequest(path))), outcome(() => new URL(path, 'https://example.com:8443').href), path);
});

test('publicHref equals new URL on random paths (seeded)', () => {
  const alphabet = "abc/.%2eE?&=#'\"<> \\^`{}|:;@!$()*+,~-_é";
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let n = 0; n < 5000; n++) {
    let path = '/';
    const length = next() % 12;
    for (let i = 0; i < length; i++) path += alphabet.charAt(next() % alphabet.length);
    assert.equal(outcome(() => publicHref(fakeRequest(path))), outcome(() => new URL(path, 'https://example.com:8443').href), path);
  }
});
