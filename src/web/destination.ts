/**
 * Where a device that sends codes sends them, in words a page can show: the
 * channel (text message, voice call, e-mail, or a kind of the host's own)
 * and the number or address as the kind masks it (`+31 • ••••••78`,
 * `a•••e@example.org`). The sign-in pages, the JSON API and the account
 * pages all say "we sent a code to ..." through these helpers, so the
 * sentence is translated and the same everywhere; the kinds' own English
 * `message` is never shown.
 *
 * A kind takes part by declaring `delivery.masked(state)` in its
 * presentation, or by exposing `maskedDestination(device)` when it must look
 * the destination up (the built-in `email` and `phone` kinds do). A kind
 * without either, or one whose lookup fails, gets the generic "We sent you a
 * code.".
 */
import type { DeliveryChannel } from '../core/presentation.js';
import type { Twofold } from '../core/twofold.js';
import type { Device } from '../core/types.js';
import { presentationOf } from '../devices/presentation.js';
import type { Message, MessageId, MessageParams, Translator } from './messages.js';

/** How a code reaches the user: `other` for kinds of the host's own. */
export type { DeliveryChannel } from '../core/presentation.js';

/** Where a device's codes go. */
export interface DeliveryDestination {
  readonly channel: DeliveryChannel;
  /** The number or address, masked by the kind; null when the kind does not say. */
  readonly masked: string | null;
}

/** The channel of a device, as its kind's presentation says (`sms`, `call`, `email`), or `other`. */
export function deliveryChannel(twofold: Pick<Twofold, 'kind'>, device: Device): DeliveryChannel {
  return presentationOf(twofold.kind(device.kind))?.delivery?.channel(device.state) ?? 'other';
}

/**
 * Where `device` sends its codes, or null for a device that shows its own
 * codes (not interactive). Never throws: a kind whose `maskedDestination`
 * fails (an address lookup of the host's that is down) just has no masked
 * destination.
 */
export async function deliveryDestination(twofold: Pick<Twofold, 'kind'>, device: Device): Promise<DeliveryDestination | null> {
  if (!device.interactive) return null;
  const kind: unknown = twofold.kind(device.kind);
  // A kind that masks the destination from the device's state says so in its presentation.
  const delivery = presentationOf(twofold.kind(device.kind))?.delivery;
  if (delivery?.masked !== undefined) {
    let value: string | null = null;
    try {
      value = delivery.masked(device.state);
    } catch {
      value = null;
    }
    return { channel: deliveryChannel(twofold, device), masked: value === '' ? null : value };
  }
  const mask = typeof kind === 'object' && kind !== null ? (kind as { maskedDestination?: unknown }).maskedDestination : undefined;
  let masked: string | null = null;
  if (typeof mask === 'function') {
    try {
      const value: unknown = await (mask as (device: Device) => unknown).call(kind, device);
      masked = typeof value === 'string' && value !== '' ? value : null;
    } catch {
      masked = null;
    }
  }
  return { channel: deliveryChannel(twofold, device), masked };
}

/**
 * What a sentence about a delivery says: a code was just sent, a new code
 * was sent in place of an earlier one (which no longer works), enter the
 * code sent, or ask for one.
 */
export type DeliveryPhrase = 'sent' | 'resent' | 'enter' | 'ask';

const PHRASES: Readonly<Record<DeliveryPhrase, Readonly<Record<DeliveryChannel, MessageId>>>> = {
  sent: { sms: 'delivery.sent.sms', call: 'delivery.sent.call', email: 'delivery.sent.email', other: 'delivery.sent.other' },
  resent: { sms: 'delivery.resent.sms', call: 'delivery.resent.call', email: 'delivery.resent.email', other: 'delivery.resent.other' },
  enter: { sms: 'delivery.enter.sms', call: 'delivery.enter.call', email: 'delivery.enter.email', other: 'delivery.enter.other' },
  ask: { sms: 'delivery.ask.sms', call: 'delivery.ask.call', email: 'delivery.ask.email', other: 'delivery.ask.other' },
};

const GENERIC: Readonly<Record<DeliveryPhrase, MessageId>> = {
  sent: 'delivery.sent.generic',
  resent: 'delivery.resent.generic',
  enter: 'delivery.enter.generic',
  // Without a destination the device's name is what the user knows it by.
  ask: 'login.token.instructionSent',
};

/**
 * The message id and parameters of a sentence about a delivery ("We sent a
 * text message with a code to +31 • ••••••78."), for a translator's `text`
 * or `message`, or a view model's `t`.
 */
export function deliveryPhrase(
  phrase: DeliveryPhrase,
  destination: DeliveryDestination | null,
  deviceName: string,
): { readonly id: MessageId; readonly params: MessageParams } {
  if (destination === null || destination.masked === null) return { id: GENERIC[phrase], params: { device: deviceName } };
  return { id: PHRASES[phrase][destination.channel], params: { destination: destination.masked } };
}

/**
 * The notice after a code was sent ("We are calling +31 • ••••••78 now: a
 * voice will read you a code."). With `again`, the code replaced an earlier
 * one, and the notice says that only the newest code works.
 */
export function codeSentMessage(
  translator: Pick<Translator, 'message'>,
  destination: DeliveryDestination | null,
  deviceName: string,
  options: { readonly again?: boolean } = {},
): Message {
  const { id, params } = deliveryPhrase(options.again === true ? 'resent' : 'sent', destination, deviceName);
  return translator.message(id, params);
}

/**
 * Whether a code sent to `device` may be waiting to be entered: for kinds
 * that keep the live code's expiry in `state.expiresAt` (milliseconds; the
 * built-in e-mail and phone kinds do), until it expires or is used; for
 * other kinds, while the device is in its cooldown after a send.
 */
export function codeOutstanding(device: Device, now: number): boolean {
  const expiresAt = device.state.expiresAt;
  if (typeof expiresAt === 'number') return expiresAt > now;
  if (expiresAt === null) return false;
  return device.nextChallengeAt !== null && device.nextChallengeAt.getTime() > now;
}
