/**
 * E-mail delivery through nodemailer (an optional peer dependency, loaded on
 * the first message): SMTP settings, a connection URL, or any nodemailer
 * transport the host already has.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { TwofoldError } from '../../core/errors.js';
import { loadOptionalPackage } from '../../core/optional-package.js';
import type { DeliveryContext, EmailMessage, EmailSender } from '../types.js';

export type { DeliveryContext, EmailMessage, EmailSender } from '../types.js';

/**
 * SMTP settings as nodemailer's SMTP transport takes them (`host`, `port`,
 * `secure`, `auth: { user, pass }`, `requireTLS`, `tls`, timeouts, ...).
 * Passed to nodemailer unchanged.
 */
export interface SmtpSettings {
  readonly host: string;
  readonly port?: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when offered; set `requireTLS` to insist. */
  readonly secure?: boolean;
  readonly requireTLS?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  readonly [option: string]: unknown;
}

/** What nodemailer's `sendMail` reports (the part twofold reads). */
export interface MailDeliveryInfo {
  readonly accepted?: readonly unknown[];
  readonly rejected?: readonly unknown[];
}

/** Anything with nodemailer's `sendMail`: a transporter the host built, for any transport. */
export interface MailTransporter {
  sendMail(mail: {
    from?: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
  }): Promise<MailDeliveryInfo>;
  close?(): void;
}

/** Options of {@link smtpSender}. */
export interface SmtpSenderOptions {
  /**
   * SMTP settings, a connection URL (`smtps://user:pass@smtp.example.com`),
   * or a nodemailer transporter you built yourself (any transport).
   */
  readonly transport: SmtpSettings | string | MailTransporter;
  /** The From address of messages whose kind sets none, e.g. `Example <no-reply@example.com>`. */
  readonly from: string;
}

/** An {@link EmailSender} that can release its connections. */
export interface SmtpSender extends EmailSender {
  /** Closes pooled connections (when the transport keeps any). */
  close(): void;
}

function isTransporter(value: unknown): value is MailTransporter {
  return typeof value === 'object' && value !== null && typeof (value as Partial<MailTransporter>).sendMail === 'function';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates an e-mail sender on nodemailer.
 *
 * @example
 * ```ts
 * const sender = smtpSender({
 *   transport: { host: 'smtp.example.com', port: 587, requireTLS: true, auth: { user, pass } },
 *   from: 'Example <no-reply@example.com>',
 * });
 * const kinds = [email({ sender })];
 * ```
 * @throws TwofoldError `INVALID_CONFIG` for bad options; the first send
 *   throws `INVALID_CONFIG` when nodemailer is not installed.
 */
export function smtpSender(options: SmtpSenderOptions): SmtpSender {
  rejectUnknownOptions('smtpSender', options, ['transport', 'from']);
  const { transport, from } = options;
  if (typeof from !== 'string' || from.trim() === '' || /[\r\n]/.test(from)) {
    throw new TwofoldError('INVALID_CONFIG', 'smtpSender: "from" must be a non-empty single-line address');
  }
  const usable =
    isTransporter(transport) ||
    (typeof transport === 'string' && /^smtps?:\/\//i.test(transport)) ||
    (typeof transport === 'object' && typeof (transport as Partial<SmtpSettings>).host === 'string');
  if (!usable) {
    throw new TwofoldError('INVALID_CONFIG', 'smtpSender: "transport" must be SMTP settings with a host, an smtp:// or smtps:// URL, or a nodemailer transporter');
  }

  let transporter: Promise<MailTransporter> | undefined;
  function connect(): Promise<MailTransporter> {
    if (isTransporter(transport)) return Promise.resolve(transport);
    transporter ??= loadOptionalPackage('nodemailer', 'smtpSender', () => import('nodemailer')).then(
      ({ default: nodemailer }) => nodemailer.createTransport(transport as Parameters<typeof nodemailer.createTransport>[0]) as MailTransporter,
    );
    // A failed load is not cached: installing the package must not need a restart of a long-lived sender.
    transporter.catch(() => {
      transporter = undefined;
    });
    return transporter;
  }

  return {
    async send(message: EmailMessage, _context: DeliveryContext): Promise<void> {
      const mailer = await connect();
      let info: MailDeliveryInfo;
      try {
        info = await mailer.sendMail({
          from: message.from ?? from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          // RFC 3834: vacation responders and ticket systems must not answer a code mail.
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
      } catch (error) {
        // nodemailer's messages carry the server's reply, never the body.
        throw new TwofoldError('DELIVERY_FAILED', `smtpSender: the message could not be sent: ${describe(error)}`, { cause: error });
      }
      if ((info.rejected?.length ?? 0) > 0 || info.accepted?.length === 0) {
        throw new TwofoldError('DELIVERY_FAILED', 'smtpSender: the server refused the recipient');
      }
    },
    close() {
      if (isTransporter(transport)) return;
      void transporter?.then((mailer) => mailer.close?.()).catch(() => undefined);
    },
  };
}
