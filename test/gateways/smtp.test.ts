import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { createTwofold, manualClock } from '../../src/core/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { email } from '../../src/devices/email/index.js';
import { smtpSender } from '../../src/gateways/smtp/index.js';
import type { SmtpSenderOptions } from '../../src/gateways/smtp/index.js';
import type { DeliveryContext } from '../../src/gateways/types.js';
import { startSmtpServer } from './support.js';
import type { SmtpStandIn } from './support.js';

const FROM = 'Example Security <security@example.com>';
const CONTEXT: DeliveryContext = { userId: 'alice', deviceId: 'email/dev1', language: 'en', expiresAt: new Date(0) };

let smtp: SmtpStandIn;
before(async () => {
  smtp = await startSmtpServer();
});
after(async () => {
  await smtp.close();
});

function settings() {
  return { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true };
}

/** A TCP port on loopback that nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('smtpSender against a local SMTP server', () => {
  it('delivers subject, text, HTML, sender and recipient, marked as automatic', async () => {
    const sender = smtpSender({ transport: settings(), from: FROM });
    const next = smtp.nextMail();
    await sender.send({ to: 'alice@example.org', subject: 'Your code', text: 'Code: 012345\n', html: '<p>Code: <b>012345</b></p>' }, CONTEXT);
    const mail = await next;
    assert.equal(mail.envelopeFrom, 'security@example.com');
    assert.deepEqual(mail.envelopeTo, ['alice@example.org']);
    assert.equal(mail.parsed.subject, 'Your code');
    assert.equal(mail.parsed.text, 'Code: 012345\n');
    assert.equal(mail.parsed.html, '<p>Code: <b>012345</b></p>');
    assert.deepEqual(mail.parsed.from?.value, [{ address: 'security@example.com', name: 'Example Security' }]);
    assert.equal(mail.parsed.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(mail.parsed.headers.get('x-auto-response-suppress'), 'All');
    sender.close();
  });

  it('uses the message’s own From when it has one, and sends plain text alone', async () => {
    const sender = smtpSender({ transport: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, from: FROM });
    const next = smtp.nextMail();
    await sender.send({ to: 'bob@example.org', from: 'other@example.net', subject: 'S', text: 'T' }, CONTEXT);
    const mail = await next;
    assert.equal(mail.envelopeFrom, 'other@example.net');
    assert.equal(mail.parsed.html, false);
    assert.equal(mail.parsed.text?.trimEnd(), 'T');
    sender.close();
  });

  it('works with a transporter the host built', async () => {
    const transporter = nodemailer.createTransport(settings());
    const sender = smtpSender({ transport: transporter, from: FROM });
    const next = smtp.nextMail();
    await sender.send({ to: 'carol@example.org', subject: 'Host transport', text: 'x' }, CONTEXT);
    assert.equal((await next).parsed.subject, 'Host transport');
    transporter.close();
  });

  it('throws when the server refuses the recipient or cannot be reached', async () => {
    const sender = smtpSender({ transport: settings(), from: FROM });
    await assert.rejects(sender.send({ to: 'refused@example.org', subject: 'S', text: 'code 999999' }, CONTEXT), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /smtpSender/);
      assert.doesNotMatch(error.message, /999999/);
      return true;
    });
    sender.close();
    const unreachable = smtpSender({ transport: { host: '127.0.0.1', port: await closedPort(), connectionTimeout: 2000 }, from: FROM });
    await assert.rejects(unreachable.send({ to: 'a@example.org', subject: 'S', text: 'T' }, CONTEXT), /could not be sent/);
  });

  it('refuses bad configuration at once', () => {
    const bad: unknown[] = [
      { transport: settings(), from: '' },
      { transport: settings(), from: 'a@example.com\r\nBcc: everyone@example.com' },
      { transport: {}, from: FROM },
      { transport: 'http://smtp.example.com', from: FROM },
    ];
    for (const options of bad) {
      assert.throws(() => smtpSender(options as SmtpSenderOptions), (error: unknown) => error instanceof Error && 'code' in error && error.code === 'INVALID_CONFIG');
    }
  });
});

describe('e-mail devices through SMTP, end to end', () => {
  it('mails the code with the templates, and the code from the mail signs in once', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const kind = email({
      sender: smtpSender({ transport: settings(), from: FROM }),
      subject: 'Sign-in code {token}',
      text: 'Code: {token} (valid {minutes} min)',
      html: '<p class="code">{token}</p><p>{{literal braces}}</p>',
    });
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: ['smtp-test-secret-with-at-least-32-characters'], clock: clock.now });
    const device = await twofold.createDevice({ userId: 'alice', kind, options: { address: 'Alice.Smith@Example.ORG' } });
    const next = smtp.nextMail();
    const sent = await twofold.generateChallenge('alice', device.persistentId);
    assert.deepEqual(sent.ok && sent.message, 'We sent a code to A•••h@example.org.');
    const mail = await next;
    assert.deepEqual(mail.envelopeTo, ['Alice.Smith@example.org']);
    const code = /^Sign-in code (\d{6})$/.exec(mail.parsed.subject ?? '')?.[1];
    assert.ok(code !== undefined, mail.parsed.subject);
    // mailparser ends a single-part body with a newline, a multipart one not; the content is what matters.
    assert.equal(mail.parsed.text?.trimEnd(), `Code: ${code} (valid 5 min)`);
    assert.equal(mail.parsed.html, `<p class="code">${code}</p><p>{literal braces}</p>`);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code)).ok, true);
    const replay = await twofold.verifyToken('alice', device.persistentId, code);
    assert.equal(replay.ok ? 'ok' : replay.reason, 'replayed-token');
  });
});
