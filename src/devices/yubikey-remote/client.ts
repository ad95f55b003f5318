/**
 * Asking a validation service about one OTP: every server of the service, at
 * once or in turn, each within its timeout, until one gives a trustworthy
 * decisive answer (OK, REPLAYED_OTP or BAD_OTP). Anything else — no answer,
 * a forged or garbled one, a server error — is never taken as a verdict:
 * when no server decides, {@link YubicoServiceError} says why.
 */
import { TwofoldError } from '../../core/errors.js';
import { judgeResponse, newNonce, verifyRequest, type ServerAnswer, type YubicoStatus } from './protocol.js';
import type { YubicoService } from './services.js';

/** A decisive, authenticated answer about one OTP. */
export interface ServiceVerdict {
  readonly status: 'OK' | 'REPLAYED_OTP' | 'BAD_OTP';
  readonly usageCounter: number | null;
  readonly sessionCounter: number | null;
}

/**
 * Why no server decided, worst first:
 * - `misconfigured`: the service refused the client (`BAD_SIGNATURE`, `NO_SUCH_CLIENT`, `MISSING_PARAMETER`, `OPERATION_NOT_ALLOWED`): fix the client id or API key;
 * - `untrusted-response`: an answer with a wrong or missing signature, another nonce or OTP, or garbled (tampering, or the wrong API key);
 * - `service-error`: `BACKEND_ERROR`, `NOT_ENOUGH_ANSWERS` or `REPLAYED_REQUEST`;
 * - `timeout`: no answer in time;
 * - `unreachable`: no connection, or an HTTP error.
 */
export type YubicoServiceFailure = 'misconfigured' | 'untrusted-response' | 'service-error' | 'timeout' | 'unreachable';

const FAILURE_ORDER: readonly YubicoServiceFailure[] = ['misconfigured', 'untrusted-response', 'service-error', 'timeout', 'unreachable'];

/**
 * The validation service could not vouch for a token either way. Its code is
 * `SERVICE_UNAVAILABLE`: the user should try again later (with a new touch),
 * the operator should read the message. It never contains the OTP.
 */
export class YubicoServiceError extends TwofoldError {
  /** The worst reason among the servers asked. */
  readonly failure: YubicoServiceFailure;

  constructor(failure: YubicoServiceFailure, message: string) {
    super('SERVICE_UNAVAILABLE', message);
    this.name = 'YubicoServiceError';
    this.failure = failure;
  }
}

/** The `fetch` used to reach servers (the global one unless a host injects its own). */
export type FetchFunction = (url: string, init: { signal: AbortSignal; headers: Record<string, string>; redirect: 'error' }) => Promise<Response>;

/** Largest response read, in bytes: a verify answer is a few hundred. */
const MAX_RESPONSE_BYTES = 16 * 1024;

type Outcome = { readonly verdict: ServiceVerdict } | { readonly failure: YubicoServiceFailure; readonly detail: string };

const MISCONFIGURED: ReadonlySet<YubicoStatus> = new Set(['BAD_SIGNATURE', 'NO_SUCH_CLIENT', 'MISSING_PARAMETER', 'OPERATION_NOT_ALLOWED']);

function outcomeOf(answer: ServerAnswer): Outcome {
  if (!answer.trusted) {
    const claimed = answer.claimed === null ? '' : ` (it claimed ${answer.claimed.slice(0, 32)})`;
    return { failure: 'untrusted-response', detail: `untrusted answer: ${answer.problem}${claimed}` };
  }
  const { status } = answer;
  if (status === 'OK' || status === 'REPLAYED_OTP' || status === 'BAD_OTP') {
    return { verdict: { status, usageCounter: answer.usageCounter, sessionCounter: answer.sessionCounter } };
  }
  return { failure: MISCONFIGURED.has(status) ? 'misconfigured' : 'service-error', detail: status };
}

async function readLimited(response: Response): Promise<string | null> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = (await reader.read()) as { readonly done: boolean; readonly value?: Uint8Array };
    const { value } = chunk;
    if (chunk.done || value === undefined) break;
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function askServer(service: YubicoService, url: string, otp: string, fetcher: FetchFunction, stop: AbortSignal): Promise<Outcome> {
  const sent = verifyRequest({ clientId: service.clientId, apiKey: service.apiKey, otp, nonce: newNonce(), ...(service.syncLevel === undefined ? {} : { syncLevel: service.syncLevel }) });
  const timeout = AbortSignal.timeout(service.timeoutMs);
  const signal = AbortSignal.any([stop, timeout]);
  try {
    // No redirects: they could carry the token to a host nobody configured.
    const response = await fetcher(`${url}?${new URLSearchParams(sent).toString()}`, { signal, headers: { accept: 'text/plain' }, redirect: 'error' });
    if (!response.ok) {
      await response.body?.cancel();
      return { failure: 'unreachable', detail: `HTTP ${response.status}` };
    }
    const body = await readLimited(response);
    if (body === null) return { failure: 'untrusted-response', detail: 'answer too long' };
    return outcomeOf(judgeResponse(body, sent, service.apiKey));
  } catch (error) {
    if (timeout.aborted) return { failure: 'timeout', detail: `no answer within ${service.timeoutMs} ms` };
    // An injected fetch might quote the URL: the token must not reach a log.
    const message = error instanceof Error ? error.message.split(otp).join('…').slice(0, 200) : 'request failed';
    return { failure: 'unreachable', detail: message };
  }
}

/**
 * Asks `service` about `otp` and returns the first decisive, authenticated
 * answer; throws {@link YubicoServiceError} when no server gives one.
 */
export async function askService(service: YubicoService, otp: string, fetcher: FetchFunction): Promise<ServiceVerdict> {
  const failures: { url: string; failure: YubicoServiceFailure; detail: string }[] = [];
  const stop = new AbortController();
  const settle = (url: string, outcome: Outcome): ServiceVerdict | null => {
    if ('verdict' in outcome) return outcome.verdict;
    failures.push({ url, failure: outcome.failure, detail: outcome.detail });
    return null;
  };
  try {
    if (service.strategy === 'sequential') {
      for (const url of service.urls) {
        const verdict = settle(url, await askServer(service, url, otp, fetcher, stop.signal));
        if (verdict !== null) return verdict;
      }
    } else {
      const verdict = await new Promise<ServiceVerdict | null>((resolve) => {
        let pending = service.urls.length;
        for (const url of service.urls) {
          void askServer(service, url, otp, fetcher, stop.signal).then((outcome) => {
            const decided = settle(url, outcome);
            pending--;
            if (decided !== null) resolve(decided);
            else if (pending === 0) resolve(null);
          });
        }
      });
      if (verdict !== null) return verdict;
    }
  } finally {
    // Whoever decided, the other requests are no longer needed.
    stop.abort();
  }
  const worst = FAILURE_ORDER.find((failure) => failures.some((f) => f.failure === failure)) ?? 'unreachable';
  const summary = failures.map((f) => `${new URL(f.url).host}: ${f.failure} (${f.detail})`).join('; ');
  throw new YubicoServiceError(worst, `yubikey-remote: service "${service.name}" gave no trustworthy answer: ${summary}`);
}
