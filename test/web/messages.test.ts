import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator, ENGLISH_MESSAGES } from '../../src/assembly/messages.js';

describe('messages', () => {
  const t = createTranslator();

  it('pluralise counts with Intl.PluralRules', () => {
    const params = { relative: 'in 1 second', time: '00:00:01 UTC' };
    assert.equal(t.text('error.throttled', { count: 1, ...params }), 'Verification is paused after 1 failed attempt. You can try again in 1 second (00:00:01 UTC).');
    assert.equal(t.text('error.throttled', { count: 3, ...params }), 'Verification is paused after 3 failed attempts. You can try again in 1 second (00:00:01 UTC).');
    assert.equal(t.text('error.throttled', { count: 0, ...params }).includes('0 failed attempts'), true);
  });

  it('format times with their zone, and delays rounded up with correct plurals', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(t.time(new Date(now + 4000)), '12:00:04 UTC');
    assert.equal(createTranslator({ timeZone: 'Europe/Paris' }).time(new Date(now)), '13:00:00 GMT+1');
    assert.equal(t.relative(new Date(now + 1000), now), 'in 1 second');
    assert.equal(t.relative(new Date(now + 1), now), 'in 1 second');
    assert.equal(t.relative(new Date(now + 8000), now), 'in 8 seconds');
    assert.equal(t.relative(new Date(now + 59_000), now), 'in 59 seconds');
    assert.equal(t.relative(new Date(now + 59_001), now), 'in 1 minute');
    assert.equal(t.relative(new Date(now + 60_000), now), 'in 1 minute');
    assert.equal(t.relative(new Date(now + 61_000), now), 'in 2 minutes');
    assert.equal(t.relative(new Date(now + 3_600_000), now), 'in 1 hour');
    assert.equal(t.relative(new Date(now + 2 ** 19 * 1000), now), 'in 7 days');
    assert.equal(t.relative(new Date(now - 5000), now), 'in 1 second');
  });

  it('take overrides by id and leave unknown placeholders visible', () => {
    const custom = createTranslator({ messages: { 'error.invalidToken': 'Nope ({reason}).', 'error.throttled': { one: 'One {count}', other: 'Many {count}' } } });
    assert.equal(custom.text('error.invalidToken'), 'Nope ({reason}).');
    assert.equal(custom.text('error.throttled', { count: 1 }), 'One 1');
    assert.equal(custom.text('error.throttled', { count: 2 }), 'Many 2');
    assert.deepEqual(custom.message('error.tokenRequired', {}, 'token'), { id: 'error.tokenRequired', text: ENGLISH_MESSAGES['error.tokenRequired'], field: 'token' });
  });

  it('refuse an unknown time zone', () => {
    assert.throws(() => createTranslator({ timeZone: 'Mars/Olympus' }), RangeError);
  });
});
