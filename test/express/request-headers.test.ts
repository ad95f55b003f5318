/**
 * The Express adapter's request headers (src/express/request-headers.ts)
 * answer `get` and `has` from Node's raw headers: for any raw list they
 * must answer what undici's `Headers` filled from the same list answers,
 * and behave as that `Headers` once iterated or changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullHeadersOf, RequestHeaders, type RawHeaderParts } from '../../src/express/request-headers.js';
import { seededRandom } from '../support/random.js';

const SKIP: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection']);
const NAMES = ['Host', 'Cookie', 'Origin', 'Sec-Fetch-Site', 'Content-Type', 'Content-Length', 'X-CSRF-Token', 'Accept', 'Connection', 'X-A', 'bad name', 'Set-Cookie'];
const VALUES = ['a', ' padded ', '\ttabbed', 'x=1; y=2', '', '  ', 'line\nbreak', 'nul\0', 'é', 'same-origin', 'a,b', 'trail\r'];

/** What get gives, or the error's name when it throws. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function randomCase(random: ReturnType<typeof seededRandom>, name: string): string {
  return name.split('').map((c) => (random.int(2) === 0 ? c.toLowerCase() : c.toUpperCase())).join('');
}

test('get and has answer what undici Headers filled from the same raw headers answers (2,000 seeded lists)', (t) => {
  const random = seededRandom(t.name);
  for (let round = 0; round < 2000; round++) {
    const raw: string[] = [];
    for (let n = random.int(12); n > 0; n--) raw.push(randomCase(random, random.pick(NAMES)), random.pick(VALUES));
    const parts: RawHeaderParts = random.int(4) === 0 ? { rawHeaders: raw, skipHeaders: SKIP, extraHeaders: { 'content-length': '99' } } : { rawHeaders: raw, skipHeaders: SKIP };
    const expected = fullHeadersOf(parts);
    const lazy = new RequestHeaders(parts);
    for (const name of [...NAMES, 'absent', 'x-a ', '']) {
      const asked = randomCase(random, name);
      assert.deepEqual(outcome(() => lazy.get(asked)), outcome(() => expected.get(asked)), `seed ${random.seed}: get(${asked}) of ${JSON.stringify(raw)}`);
      assert.deepEqual(outcome(() => lazy.has(asked)), outcome(() => expected.has(asked)), `seed ${random.seed}: has(${asked}) of ${JSON.stringify(raw)}`);
    }
    assert.deepEqual([...lazy], [...expected], `seed ${random.seed}: iteration of ${JSON.stringify(raw)}`);
  }
});

test('once iterated or changed they are undici Headers: set, append, delete, getSetCookie, forEach, and as HeadersInit', () => {
  const parts: RawHeaderParts = { rawHeaders: ['Cookie', 'a=1', 'X-A', '1', 'cookie', 'b=2', 'Connection', 'close'], skipHeaders: SKIP };
  const headers = new RequestHeaders(parts);
  assert.equal(headers.get('cookie'), 'a=1; b=2');
  assert.equal(headers.get('connection'), null, 'framing left out');
  headers.set('X-A', '2');
  headers.append('x-b', '3');
  headers.append('Set-Cookie', 's=1');
  headers.delete('cookie');
  assert.equal(headers.get('x-a'), '2');
  assert.equal(headers.get('COOKIE'), null);
  assert.deepEqual(headers.getSetCookie(), ['s=1']);
  const seen: [string, string][] = [];
  headers.forEach((value, name, parent) => {
    assert.equal(parent, headers);
    seen.push([name, value]);
  });
  assert.deepEqual(seen, [['set-cookie', 's=1'], ['x-a', '2'], ['x-b', '3']]);
  assert.deepEqual([...headers.keys()], ['set-cookie', 'x-a', 'x-b']);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the point: it serves as a HeadersInit
  assert.deepEqual([...new Headers(headers)], [...headers], 'usable wherever a HeadersInit is');
  assert.equal(Object.prototype.toString.call(headers), '[object Headers]');
  assert.throws(() => headers.get('bad name'), TypeError);
});
