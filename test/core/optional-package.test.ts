import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTwofoldError } from '../../src/core/index.js';
import { loadOptionalPackage } from '../../src/core/optional-package.js';

describe('loadOptionalPackage (drivers and delivery SDKs)', () => {
  it('says which package to install when it is missing', async () => {
    const name = 'twofold-test-package-that-does-not-exist';
    await assert.rejects(
      loadOptionalPackage(name, 'twilioGateway', () => import(name) as Promise<unknown>),
      (error: unknown) => {
        assert.ok(isTwofoldError(error, 'INVALID_CONFIG'));
        assert.equal(error.message, `twilioGateway needs the optional package "${name}", which is not installed: run \`npm install ${name}\``);
        return true;
      },
    );
  });

  it('reports other load failures as such, and passes a loaded module through', async () => {
    await assert.rejects(
      loadOptionalPackage('nodemailer', 'smtpSender', () => Promise.reject(new Error('syntax error in module'))),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && error.message === 'smtpSender: could not load "nodemailer": syntax error in module',
    );
    const loaded = await loadOptionalPackage('nodemailer', 'smtpSender', () => import('nodemailer'));
    assert.equal(typeof loaded.default.createTransport, 'function');
  });
});
