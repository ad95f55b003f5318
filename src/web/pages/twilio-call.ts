/**
 * Twilio's voice-call webhook as an entry of twofold's route table, so that
 * the router the host already mounts serves it at `<prefix>/twilio/call`
 * (Express and Hono alike). When a callee answers, Twilio posts a form there
 * and reads the TwiML that speaks the code (see `gateways/twilio`).
 *
 * The route has no CSRF check and needs no session: Twilio sends no cookies,
 * and its request signature (checked by the gateway's `handleCallRequest`
 * against the gateway's `callbackUrl`) is the authentication. It is mounted
 * only when the `twilioCalls` option is set.
 */
import { TwofoldError } from '../../core/errors.js';

/** Where the route is mounted, relative to twofold's prefix: the gateway's `callbackUrl` is `<origin><prefix>/twilio/call`. */
export const TWILIO_CALL_PATH = '/twilio/call';

/** Answers Twilio's call webhook: a web-standard request in, the TwiML (or 403/410) out. */
export type TwilioCallHandler = (request: Request) => Promise<Response>;

/** The `twilioCalls` option: the Twilio gateway itself (`twilioGateway(...)`), or its `handleCallRequest`. */
export type TwilioCallEndpoint = { readonly handleCallRequest: TwilioCallHandler } | TwilioCallHandler;

/** Checks the `twilioCalls` option; null when it is not set. Throws `INVALID_CONFIG` for anything else. */
export function resolveTwilioCalls(value: TwilioCallEndpoint | undefined): TwilioCallHandler | null {
  if (value === undefined) return null;
  const given: unknown = value;
  if (typeof given === 'function') return given as TwilioCallHandler;
  if (typeof given === 'object' && given !== null) {
    const handle: unknown = (given as { handleCallRequest?: unknown }).handleCallRequest;
    if (typeof handle === 'function') return (request) => (handle as TwilioCallHandler).call(given, request);
  }
  throw new TwofoldError('INVALID_CONFIG', 'twilioCalls must be the Twilio gateway (twilioGateway(...)) or its handleCallRequest function');
}
