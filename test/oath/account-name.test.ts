import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOtpauthURI, parseOtpauthURI, sanitizeAccountName } from '../../src/oath/index.js';

describe('sanitizeAccountName', () => {
  it('makes names with colons, control characters and odd spacing safe for a label', () => {
    assert.equal(sanitizeAccountName('github:12345'), 'github-12345');
    assert.equal(sanitizeAccountName('carol:admin'), 'carol-admin');
    assert.equal(sanitizeAccountName(' carol\t\n admin '), 'carol admin');
    assert.equal(sanitizeAccountName('a\u0000b\u007fc\u009fd'), 'abcd');
    assert.equal(sanitizeAccountName('alice@example.com'), 'alice@example.com');
    assert.equal(sanitizeAccountName('\u0001 \u0002'), '');
  });

  it('gives names that createOtpauthURI accepts and parseOtpauthURI reads back unchanged', () => {
    const key = new Uint8Array(20).fill(7);
    for (const raw of ['github:12345', 'x:y:z', 'Zoë Ångström', ' spaced\tname ', 'tab\u000bvertical']) {
      const accountName = sanitizeAccountName(raw);
      const uri = createOtpauthURI({ type: 'totp', key, accountName, issuer: 'ACME' });
      const parsed = parseOtpauthURI(uri);
      assert.equal(parsed.accountName, accountName, raw);
      assert.equal(parsed.issuer, 'ACME', raw);
    }
  });
});
