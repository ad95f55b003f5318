/**
 * The short names of remembered browsers ("Chrome" on "Linux"): real
 * User-Agent strings of the browsers people use, and the strings a stored
 * row may hold that name no browser at all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeUserAgent } from '../../../src/flows/remember/user-agent.js';

const AGENTS: readonly (readonly [string, string | null, string | null])[] = [
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome', 'Linux'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari', 'iPhone'],
  ['Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari', 'iPad'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari', 'macOS'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Microsoft Edge', 'Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0', 'Firefox', 'Windows'],
  ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', 'Chrome', 'Android'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', null, 'Windows'],
  ['ExampleApp/2.1 (Windows NT 10.0; Win64; x64)', 'ExampleApp', 'Windows'],
  ['curl/8.5.0', null, null],
  ['Mozilla/5.0', null, null],
  ['', null, null],
  ['   ', null, null],
];

describe('summarizeUserAgent', () => {
  for (const [agent, browser, system] of AGENTS) {
    it(`names ${JSON.stringify(agent.slice(0, 40))} as ${String(browser)} on ${String(system)}`, () => {
      assert.deepEqual(summarizeUserAgent(agent), { browser, system });
    });
  }

  it('never throws on what a stored row may hold: control characters, markup, the longest string stored', () => {
    for (const agent of ['\u0000\u0001', '<script>alert(1)</script>', 'x'.repeat(512), `Chrome/${'9'.repeat(500)}`]) {
      const summary = summarizeUserAgent(agent);
      assert.ok(summary.browser === null || typeof summary.browser === 'string');
      assert.ok(summary.system === null || typeof summary.system === 'string');
    }
  });
});
