/**
 * Changing a device outside verification (renaming, confirming, a kind
 * helper's own update, resetting the throttle): read, compute, write with a
 * compare-and-swap, and start over when another request changed it first.
 */
import { cloneJson } from './json-clone.js';
import type { DeviceUpdate, DeviceUpdateContext } from './api.js';
import { checkName, checkUserId, MAX_ATTEMPTS } from './arguments.js';
import { joinBinding, splitBinding } from './binding.js';
import type { CoreContext } from './context.js';
import { deviceOf, load, openSecret, readOwned, toDevice } from './device-access.js';
import { TwofoldError } from './errors.js';
import type { Device, DeviceChanges, DeviceRecord, JsonObject } from './types.js';

/**
 * Reads a device, lets `updater` compute changes (plus `extra` core fields)
 * and writes them atomically; null when the device is not the user's.
 */
export async function mutate<State extends JsonObject>(
  context: CoreContext,
  userId: string,
  persistentId: string,
  updater: (context: DeviceUpdateContext<State>) => DeviceUpdate<State> | Promise<DeviceUpdate<State>>,
  extra?: (record: DeviceRecord) => DeviceChanges,
): Promise<Device<State> | null> {
  checkUserId(userId);
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const at = context.now();
    const record = await readOwned(context, userId, persistentId);
    if (record === null) return null;
    const loaded = load(context, record, at);
    if (loaded === null) {
      throw new TwofoldError('CORRUPT_DEVICE', `device ${persistentId} cannot be read (corrupt state or unknown kind)`);
    }
    const secret = openSecret(context, record);
    if (secret === undefined) throw new TwofoldError('DECRYPTION_FAILED', `the secret of device ${persistentId} cannot be decrypted`);
    const update = await updater({
      device: deviceOf(loaded) as Device<State>,
      secret,
      state: cloneJson(loaded.state) as State,
      now: at,
    });
    const changes: { -readonly [K in keyof DeviceChanges]: DeviceChanges[K] } = { ...extra?.(record) };
    if (update.name !== undefined) changes.name = checkName(update.name);
    if (update.confirmed !== undefined) changes.confirmed = update.confirmed;
    // The binding of a live challenge survives a kind helper's own update.
    if (update.state !== undefined) changes.state = joinBinding(loaded.kind.parseState(structuredClone(update.state)), loaded.binding);
    if (update.secret !== undefined) changes.secret = update.secret === null ? null : context.box.seal(update.secret, record.id);
    if (!(await context.store.updateDevice(record.id, record.version, changes))) continue;
    const merged = { ...record, ...changes, version: record.version + 1 };
    return toDevice(merged, loaded.kind, cloneJson(splitBinding(merged.state).state), at) as Device<State>;
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}

