/**
 * Checking the signature of Twilio's webhook requests, in both schemes:
 *
 * - the classic one: `X-Twilio-Signature` is an HMAC-SHA1 keyed with the
 *   account's auth token;
 * - SharedKey webhooks (twilio 6.3+): Twilio adds
 *   `X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=HMAC_SHA256`
 *   and signs with a shared key secret instead of the auth token.
 *
 * The settings header says which scheme signed the request, and it is not
 * itself signed: so a request naming a SharedKey is checked only with the
 * shared key secret (never the auth token), only when the host configured
 * one, and only with the two algorithms Twilio documents.
 */
import { TwofoldError } from '../../core/errors.js';

/** Twilio's header naming the key and algorithm of a SharedKey signature (the SDK's `SIGNATURE_SETTINGS_HEADER`). */
export const SIGNATURE_SETTINGS_HEADER = 'X-Twilio-Webhooks-Signature-Settings';

const ALGORITHMS = new Set(['HMAC_SHA1', 'HMAC_SHA256']);

/** The part of the `twilio` SDK that checks webhook signatures; `getSignatureAlgorithm` exists from twilio 6.3. */
export interface TwilioSignatureSdk {
  validateRequest(secret: string, signature: string, url: string, params: Record<string, string>, algorithm?: string): boolean;
  readonly getSignatureAlgorithm?: (settingsHeader?: string | null) => string;
}

/** The secrets a signature may be made with. */
export interface SignatureSecrets {
  readonly authToken: string;
  /** The SharedKey secret, when the host configured `webhookSharedKeySecret`. */
  readonly sharedKeySecret: string | undefined;
}

/**
 * Refuses to run SharedKey checks with an SDK that cannot do them: twilio
 * before 6.3 ignores the algorithm and would check an HMAC-SHA256 signature as
 * HMAC-SHA1, refusing every such call with no hint why.
 *
 * @throws TwofoldError `INVALID_CONFIG` when a shared key secret is configured and the SDK lacks `getSignatureAlgorithm`
 */
export function checkSharedKeySupport(sdk: TwilioSignatureSdk, secrets: SignatureSecrets): void {
  if (secrets.sharedKeySecret !== undefined && typeof sdk.getSignatureAlgorithm !== 'function') {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'twilioGateway: "webhookSharedKeySecret" needs the twilio package 6.3.1 or later (it has getSignatureAlgorithm); upgrade twilio or remove the option',
    );
  }
}

/**
 * Whether `request` carries a valid Twilio signature of `url` and `params`:
 * with the auth token and HMAC-SHA1 when it names no SharedKey, else with the
 * shared key secret and the algorithm it names (HMAC_SHA1 or HMAC_SHA256).
 */
export function isSignedByTwilio(
  sdk: TwilioSignatureSdk,
  secrets: SignatureSecrets,
  request: Request,
  url: string,
  params: Record<string, string>,
): boolean {
  const signature = request.headers.get('x-twilio-signature');
  if (signature === null || signature === '') return false;
  const settings = request.headers.get(SIGNATURE_SETTINGS_HEADER);
  if (settings === null) return sdk.validateRequest(secrets.authToken, signature, url, params);
  if (secrets.sharedKeySecret === undefined || sdk.getSignatureAlgorithm === undefined) return false;
  const algorithm = sdk.getSignatureAlgorithm(settings).toUpperCase();
  if (!ALGORITHMS.has(algorithm)) return false;
  return sdk.validateRequest(secrets.sharedKeySecret, signature, url, params, algorithm);
}
