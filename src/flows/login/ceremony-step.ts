/**
 * Sign-in with a device used by a browser ceremony (a security key or
 * passkey), for any kind that declares one: the options the page hands the
 * browser, the check of the browser's answer (through the core's
 * `verifyToken`: throttling, single use, events), and which device the step
 * offers first. The kind is reached through its presentation only.
 */
import type { Device } from '../../core/types.js';
import type { KindCeremonyTexts } from '../../core/presentation.js';
import { ceremonyKindOf, type CeremonyKind } from '../../devices/presentation.js';
import { ceremonyScriptUrl } from '../../web/ceremony-script.js';
import type { Message, MessageId, Translator } from '../../web/messages.js';
import { LOGIN_MESSAGES } from './messages.js';
import type { WebConfig } from '../../web/options.js';
import type { DeviceStepOutcome } from '../../web/pages/second-factor.js';
import type { HostUser } from '../../web/user.js';
import type { CeremonyStepModel } from './ceremony-views.js';
import type { SignInMethods } from './sign-in-session.js';

/**
 * A ceremony kind's sentence as a page message: the catalog's
 * `login.kind.<name>.<key>` when there is one (translated, or reworded by
 * the host), else the English the kind declares.
 */
export function ceremonyMessage(t: Translator, served: CeremonyKind, key: keyof KindCeremonyTexts): Message {
  const id = `login.kind.${served.kind.name}.${key}`;
  return Object.hasOwn(LOGIN_MESSAGES, id) ? t.message(id as MessageId) : { id: id as MessageId, text: served.texts[key] };
}

/**
 * The device a sign-in step offers when the user chose none: a ceremony
 * device when the user has one (phishing-resistant, and one touch), else
 * null (the primary device).
 */
export function preferredCeremonyDevice<User extends HostUser>(config: WebConfig<User>, methods: SignInMethods): string | null {
  const devices = [methods.primary, ...methods.others].filter((device): device is Device => device !== null);
  return devices.find((device) => ceremonyKindOf(config.twofold, device.kind) !== null)?.persistentId ?? null;
}

/**
 * What the page shows for `device` when its kind runs a ceremony (options
 * with a fresh challenge for `binding`, naming the user's keys, or only
 * `deviceIds` when given); null for other kinds or when no credential is left.
 */
export async function ceremonyStepModel<User extends HostUser>(
  config: WebConfig<User>,
  basePath: string,
  userId: string,
  device: Device,
  binding: string,
  deviceIds?: readonly string[],
): Promise<CeremonyStepModel | null> {
  const served = ceremonyKindOf(config.twofold, device.kind);
  if (served === null) return null;
  const options = await served.ceremony.startAuthentication({ userId, binding, ...(deviceIds === undefined ? {} : { deviceIds }) });
  if (options === null) return null;
  const said = (key: keyof KindCeremonyTexts): string => ceremonyMessage(config.translator, served, key).text;
  return {
    intro: said('signInIntro'),
    button: said('signInButton'),
    waiting: said('waiting'),
    unsupported: said('unsupported'),
    noscript: said('noscript'),
    scriptUrl: ceremonyScriptUrl(basePath, served.ceremony.script()),
    options,
  };
}

/**
 * Checks the browser's answer for a ceremony device of `userId`. An empty
 * answer (the browser said no: cancelled, timed out, no such key) is
 * `cancelled`, evaluated nowhere; a refused one is `failed`, counted against
 * the device like a wrong code. With `deviceIds`, a key of another device is
 * refused.
 */
export async function runCeremonyStep<User extends HostUser>(
  config: WebConfig<User>,
  userId: string,
  device: Device,
  response: string,
  binding: string,
  deviceIds?: readonly string[],
): Promise<DeviceStepOutcome> {
  const { twofold, translator: t } = config;
  const served = ceremonyKindOf(twofold, device.kind);
  if (served === null) return { ok: false, code: 'invalid_token', status: 401, error: t.message('error.invalidToken', {}, 'token'), retryAt: null };
  if (response.trim() === '') return { ok: false, code: 'token_required', status: 400, error: ceremonyMessage(t, served, 'cancelled'), retryAt: null };
  const result = await served.ceremony.finishAuthentication({ userId, binding, response, ...(deviceIds === undefined ? {} : { deviceIds }) });
  if (result.ok) return { ok: true, action: 'verified', device: result.device };
  if (result.detail !== undefined) config.logger.warn(`twofold: a ${served.kind.name} sign-in was refused: ${result.detail}`);
  switch (result.reason) {
    case 'throttled': {
      const now = twofold.clock();
      const when = result.lockedUntil ?? new Date(now + 1000);
      const params = { relative: t.relative(when, now), time: t.time(when) };
      const error = t.message('error.throttled', { count: result.device?.failureCount ?? 0, ...params });
      return { ok: false, code: 'throttled', status: 429, error: { ...error, until: { at: when, ...params } }, retryAt: when };
    }
    case 'unusable':
      return { ok: false, code: 'device_unusable', status: 500, error: t.message('error.deviceUnusable'), retryAt: null };
    default:
      return { ok: false, code: 'invalid_token', status: 401, error: ceremonyMessage(t, served, 'failed'), retryAt: null };
  }
}
