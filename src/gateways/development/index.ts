/**
 * The development gateway: "sends" text messages, calls and e-mails by
 * writing them to the log and keeping them in an in-memory outbox, so that a
 * newcomer can try SMS and e-mail sign-in without an account anywhere. The
 * demo shows the outbox on a page.
 *
 * DEVELOPMENT ONLY. It is the one place in twofold where a code is written to
 * a log, which is why it refuses to be created in production.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { TwofoldError } from '../../core/errors.js';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import type { DeliveryContext, EmailMessage, EmailSender, PhoneGateway } from '../types.js';

export type { DeliveryContext, EmailMessage, EmailSender, PhoneGateway } from '../types.js';

/** One message in the outbox. */
export interface DevelopmentMessage {
  /** Increasing number, unique within one gateway. */
  readonly id: number;
  readonly channel: 'sms' | 'call' | 'email';
  /** E.164 number or e-mail address. */
  readonly to: string;
  /** When it was "sent". */
  readonly at: Date;
  /** Text message body; e-mail plain-text body; for a call, what the voice would read. */
  readonly text: string;
  /** E-mail only. */
  readonly subject?: string;
  /** E-mail only, when the kind sends HTML. */
  readonly html?: string;
  /** E-mail only: the From address, when the kind sets one. */
  readonly from?: string;
  /** Calls only: the code read aloud. */
  readonly code?: string;
  /** The user's language, as the kind passed it. */
  readonly language: string | null;
  readonly userId: string;
  /** The device's persistent id. */
  readonly deviceId: string;
  /** When the code in it stops working. */
  readonly expiresAt: Date;
}

/** Options of {@link createDevelopmentGateway}. */
export interface DevelopmentGatewayOptions {
  /** Where each message is written, one line (default `console.info`). */
  readonly log?: (line: string) => void;
  /** How many messages the outbox keeps, newest first (1 to 1000). Default 50. */
  readonly outboxSize?: number;
  /** `production` refuses to create the gateway (default: `process.env.NODE_ENV`). */
  readonly environment?: string;
  /** Time of the messages (default `Date.now`). */
  readonly clock?: Clock;
}

/** A gateway for every channel that delivers into a log and an outbox. */
export interface DevelopmentGateway extends PhoneGateway, EmailSender {
  makeCall(to: string, code: string, context: DeliveryContext): Promise<void>;
  /** The messages "sent" so far, newest first (a copy). */
  outbox(): readonly DevelopmentMessage[];
  /** The newest message to `to`, or undefined. */
  latest(to: string): DevelopmentMessage | undefined;
  /** Empties the outbox. */
  clear(): void;
  /**
   * While `reason` is set, every send throws an Error with it and delivers
   * nothing: to try out how an application handles a provider outage.
   */
  simulateFailure(reason: string | null): void;
}

const WARNING = '[twofold development gateway: never use in production]';

/**
 * Creates a development gateway; pass it as `phone({ gateway })` and
 * `email({ sender })`, and show `gateway.outbox()` on a development page.
 *
 * @throws TwofoldError `INVALID_CONFIG` in production or for a bad option.
 */
export function createDevelopmentGateway(options: DevelopmentGatewayOptions = {}): DevelopmentGateway {
  rejectUnknownOptions('createDevelopmentGateway', options, ['log', 'outboxSize', 'environment', 'clock']);
  const environment = options.environment ?? process.env.NODE_ENV;
  if (environment === 'production') {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'the development gateway logs codes and must not be used in production: configure a real gateway (twofold/gateways/twilio, twofold/gateways/smtp)',
    );
  }
  const size = options.outboxSize ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new TwofoldError('INVALID_CONFIG', 'development gateway: outboxSize must be an integer from 1 to 1000');
  }
  const log = options.log ?? ((line: string) => console.info(line));
  const clock = options.clock ?? systemClock;
  const messages: DevelopmentMessage[] = [];
  let nextId = 1;
  let failure: string | null = null;

  function deliver(message: Omit<DevelopmentMessage, 'id' | 'at' | 'language' | 'userId' | 'deviceId' | 'expiresAt'>, context: DeliveryContext): Promise<void> {
    if (failure !== null) return Promise.reject(new TwofoldError('DELIVERY_FAILED', `development gateway: simulated failure: ${failure}`));
    const stored: DevelopmentMessage = Object.freeze({
      ...message,
      id: nextId++,
      at: new Date(clock()),
      language: context.language,
      userId: context.userId,
      deviceId: context.deviceId,
      expiresAt: context.expiresAt,
    });
    messages.unshift(stored);
    messages.length = Math.min(messages.length, size);
    const what = message.channel === 'sms' ? 'text message' : message.channel === 'call' ? 'voice call' : 'e-mail';
    const subject = message.subject === undefined ? '' : ` [${message.subject}]`;
    log(`${WARNING} ${what} to ${message.to}${subject}: ${message.text.replace(/\s+/g, ' ').trim()}`);
    return Promise.resolve();
  }

  return {
    sendSms(to, message, context) {
      return deliver({ channel: 'sms', to, text: message }, context);
    },
    makeCall(to, code, context) {
      const spoken = Array.from(code).join(' ');
      return deliver({ channel: 'call', to, code, text: `Your verification code is: ${spoken}. Once again: ${spoken}.` }, context);
    },
    send(message: EmailMessage, context) {
      return deliver(
        {
          channel: 'email',
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(message.from === undefined ? {} : { from: message.from }),
        },
        context,
      );
    },
    outbox() {
      return [...messages];
    },
    latest(to) {
      return messages.find((message) => message.to === to);
    },
    clear() {
      messages.length = 0;
    },
    simulateFailure(reason) {
      failure = reason;
    },
  };
}
