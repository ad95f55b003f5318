/**
 * `createTwofold`: the framework-free heart of twofold. It owns the rules that
 * every device kind shares — storage, encryption at rest, throttling,
 * cooldowns, timestamps and, above all, single use under concurrency.
 *
 * Atomicity rests on one mechanism: every state change is a compare-and-swap
 * on the device's version ({@link Store.updateDevice}). A verification reads
 * the device once, evaluates the token in memory and writes the outcome
 * conditionally. When another request changed the device in between, the
 * write is refused, the evaluation is discarded and the attempt starts over
 * from the new state — where the token is now used up, or the device is now
 * throttled. So a token is accepted at most once, and parallel guesses
 * cannot slip through one back-off window, across any number of processes.
 *
 * The instance is assembled here from modules named for what they hold:
 * `context.ts` (checked options), `device-access.ts` (reading devices),
 * `verification.ts`, `challenges.ts`, `device-updates.ts` and
 * `provisioning.ts`; the public types live in `api.ts`.
 */
import type { AnyDeviceKind, CreateDeviceInput, Twofold, TwofoldOptions } from './api.js';
import { checkName, checkUserId, isObject, MAX_ATTEMPTS } from './arguments.js';
import { checkBinding } from './binding.js';
import { generateChallenge } from './challenges.js';
import { createCoreContext } from './context.js';
import { knownRecord, openSecret, readDevicesWithPrimary, readOwned, snapshot, toDevice } from './device-access.js';
import { mutate } from './device-updates.js';
import { TwofoldError } from './errors.js';
import { checkChosenId, isValidDeviceId, newDeviceId, parsePersistentId } from './persistent-id.js';
import { configUrl } from './provisioning.js';
import { qrCodePng, qrCodeSvg } from './qr.js';
import { attempt, matchToken, recordFailure, type AttemptOptions } from './verification.js';
import type { Device, DeviceRecord, JsonObject, KindCreated } from './types.js';

export type {
  AnyDeviceKind,
  ChallengeOptions,
  ChallengeResult,
  ConfigUrlOptions,
  CreateDeviceInput,
  DeleteDeviceOptions,
  DeviceUpdate,
  DeviceUpdateContext,
  MatchOptions,
  UserDevices,
  Twofold,
  TwofoldLogger,
  TwofoldOptions,
  TwofoldSettings,
  VerifyFailure,
  VerifyOptions,
  VerifyResult,
} from './api.js';

/**
 * Creates a twofold instance.
 *
 * @example
 * ```ts
 * const twofold = createTwofold({
 *   store: (await openSqliteStore({ filename: 'app.db' })).store,
 *   kinds: [totp(), backupCodes()],
 *   secrets: secretsFromEnvironment(), // TWOFOLD_SECRETS
 * });
 * ```
 */
export function createTwofold(options: TwofoldOptions): Twofold {
  const context = createCoreContext(options);
  const { store, kinds, box, hub } = context;
  // Frozen once: the registry does not change after start-up.
  const registered: readonly AnyDeviceKind[] = Object.freeze([...kinds.values()]);
  const now = (): number => context.now();
  const bindingHashOf = (callOptions: unknown): string | null => {
    const binding = checkBinding(callOptions);
    return binding === undefined ? null : context.bindingHash(binding);
  };

  // Copied once: the caller's array cannot change what the instance seals with afterwards.
  const secrets: readonly string[] = Object.freeze([...(options.secrets ?? [])]);
  const instance: Twofold = {
    clock: () => now(),
    store,
    settings: Object.freeze({
      production: context.production,
      issuer: options.issuer,
      logger: context.logger,
      secrets: () => secrets,
    }),

    kind: (name) => kinds.get(name),
    kinds: () => registered,

    async createDevice<Options>(input: CreateDeviceInput<Options>): Promise<Device> {
      if (!isObject(input)) throw new TwofoldError('INVALID_ARGUMENT', 'createDevice needs an input object');
      const userId = checkUserId(input.userId);
      const kindName = typeof input.kind === 'string' ? input.kind : (input.kind as { name?: unknown } | undefined)?.name;
      const kind = typeof kindName === 'string' ? kinds.get(kindName) : undefined;
      if (kind === undefined) {
        throw new TwofoldError('UNKNOWN_KIND', `device kind ${JSON.stringify(kindName)} is not registered (registered: ${[...kinds.keys()].join(', ')})`);
      }
      const name = checkName(input.name ?? kind.name);
      // The kind validates its own options; input.options is whatever the caller passed.
      const creator = kind as unknown as { create(options: unknown): KindCreated<JsonObject> | Promise<KindCreated<JsonObject>> };
      const created = await creator.create(input.options ?? {});
      const state = kind.parseState(structuredClone(created.state));
      const at = now();
      if (created.id !== undefined && !isValidDeviceId(created.id)) {
        throw new TwofoldError('INVALID_OPTIONS', `kind ${kind.name} proposed a malformed device id`);
      }
      const chosen = checkChosenId(input.id, created.id);
      const id = chosen ?? newDeviceId();
      const record: DeviceRecord = {
        id,
        userId,
        kind: kind.name,
        name,
        confirmed: input.confirmed ?? true,
        createdAt: at,
        lastUsedAt: null,
        secret: created.secret === null ? null : box.seal(created.secret, id),
        state,
        failureCount: 0,
        lastFailureAt: null,
        lastChallengeAt: null,
        version: 1,
      };
      try {
        await store.insertDevice(record);
      } catch (error) {
        // A chosen id (the kind's: one physical token; the caller's: one setup) clashing means it is already there.
        if (chosen !== undefined && (await store.getDevice(id)) !== null) {
          throw new TwofoldError('DEVICE_EXISTS', `this ${kind.name} device is already registered`, { cause: error });
        }
        throw error;
      }
      const device = toDevice(record, kind, structuredClone(state), at);
      hub.emit('deviceCreated', { device, at: new Date(at) });
      return device;
    },

    async listDevices(userId, filter = {}) {
      checkUserId(userId);
      const at = now();
      const query: { confirmed?: boolean; kind?: string } = {};
      if (filter.confirmed !== undefined) query.confirmed = filter.confirmed;
      if (filter.kind !== undefined) query.kind = filter.kind;
      const records = await store.listDevices(userId, query);
      return records.map((record) => snapshot(context, record, at));
    },

    async listDevicesWithPrimary(userId, filter = {}) {
      checkUserId(userId);
      const query: { confirmed?: boolean; kind?: string } = {};
      if (filter.confirmed !== undefined) query.confirmed = filter.confirmed;
      if (filter.kind !== undefined) query.kind = filter.kind;
      const { devices: records, primaryDeviceId } = await readDevicesWithPrimary(store, userId, query);
      const at = now();
      return { devices: records.map((record) => snapshot(context, record, at)), primaryDeviceId };
    },

    async getDevice(userId, persistentId) {
      checkUserId(userId);
      const record = await readOwned(context, userId, persistentId);
      return record === null ? null : snapshot(context, record, now());
    },

    async findDevice(persistentId) {
      const parsed = parsePersistentId(persistentId);
      if (parsed === null) return null;
      const record = await store.getDevice(parsed.id);
      return record === null || record.kind !== parsed.kind ? null : snapshot(context, record, now());
    },

    async userHasDevice(userId, { confirmed = true } = {}) {
      checkUserId(userId);
      const records = await store.listDevices(userId, { confirmed });
      return records.some((record) => kinds.has(record.kind));
    },

    renameDevice(userId, persistentId, name) {
      const checked = checkName(name);
      return mutate(context, userId, persistentId, () => ({ name: checked }));
    },

    async confirmDevice(userId, persistentId) {
      const seen = { wasUnconfirmed: false };
      const device = await mutate(context, userId, persistentId, ({ device: current }) => {
        seen.wasUnconfirmed = !current.confirmed;
        return { confirmed: true };
      });
      if (device !== null && seen.wasUnconfirmed) hub.emit('deviceConfirmed', { device, at: new Date(now()) });
      return device;
    },

    async deleteDevice(userId, persistentId, deleteOptions = {}) {
      checkUserId(userId);
      const record = await readOwned(context, userId, persistentId);
      if (record === null) return false;
      const onlyUnconfirmed = deleteOptions.onlyUnconfirmed === true;
      if (onlyUnconfirmed && record.confirmed) return false;
      const device = snapshot(context, record, now());
      // Only unconfirmed: compare-and-delete on the version read, so a confirmation in between wins.
      if (!(await store.deleteDevice(record.id, onlyUnconfirmed ? record.version : undefined))) return false;
      hub.emit('deviceRemoved', { device, at: new Date(now()) });
      return true;
    },

    async deleteUserDevices(userId) {
      checkUserId(userId);
      const at = now();
      const records = await store.listDevices(userId);
      let removed = 0;
      for (const record of records) {
        if (await store.deleteDevice(record.id)) {
          removed++;
          hub.emit('deviceRemoved', { device: snapshot(context, record, at), at: new Date(at) });
        }
      }
      return removed;
    },

    recordFailure(userId, persistentId) {
      return recordFailure(context, userId, persistentId);
    },

    resetThrottle(userId, persistentId) {
      return mutate(context, userId, persistentId, () => ({}), () => ({ failureCount: 0, lastFailureAt: null }));
    },

    // Not an async function (it runs on every sign-in): the attempt's own promise is
    // handed back as it is, and what the checks throw comes back as a rejection.
    verifyToken(userId, persistentId, token, verifyOptions = {}) {
      try {
        checkUserId(userId);
        const given = isObject(verifyOptions);
        const known = given ? knownRecord(context, userId, persistentId, verifyOptions.known) : undefined;
        const attemptOptions: AttemptOptions = {
          confirm: given && verifyOptions.confirm === true,
          bindingHash: bindingHashOf(verifyOptions),
          context: given ? verifyOptions.context : undefined,
          atOnce: true,
        };
        return attempt(context, userId, persistentId, token, attemptOptions, known);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    async matchToken(userId, token, matchOptions) {
      checkUserId(userId);
      return matchToken(context, userId, token, bindingHashOf(matchOptions));
    },

    generateChallenge(userId, persistentId, challengeOptions) {
      return generateChallenge(context, userId, persistentId, challengeOptions);
    },

    updateDevice(userId, persistentId, updater) {
      return mutate(context, userId, persistentId, updater);
    },

    configUrl(device, urlOptions) {
      return configUrl(context, device, urlOptions);
    },

    async qrCodeSvg(device, qrOptions = {}) {
      return qrCodeSvg(await instance.configUrl(device, qrOptions), qrOptions);
    },

    async qrCodePng(device, qrOptions = {}) {
      return qrCodePng(await instance.configUrl(device, qrOptions), qrOptions);
    },

    async reencryptSecrets() {
      let rewritten = 0;
      let afterId: string | undefined;
      for (;;) {
        const page = await store.scanDevices(afterId === undefined ? { limit: 500 } : { afterId, limit: 500 });
        if (page.length === 0) break;
        afterId = page[page.length - 1]!.id;
        for (const first of page) {
          let record: DeviceRecord | null = first;
          for (let round = 0; record !== null && round < MAX_ATTEMPTS; round++) {
            if (record.secret === null || !box.isStale(record.secret)) break;
            const secret = openSecret(context, record);
            // Unreadable secrets are logged by openSecret and left as they are.
            if (secret === undefined || secret === null) break;
            if (await store.updateDevice(record.id, record.version, { secret: box.seal(secret, record.id) })) {
              rewritten++;
              break;
            }
            record = await store.getDevice(record.id);
          }
        }
      }
      return rewritten;
    },

    on(event, listener) {
      return hub.on(event, listener);
    },

    close() {
      return store.close();
    },
  };
  return instance;
}
