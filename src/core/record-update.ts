/**
 * What a compare-and-swap leaves behind: the record after a successful
 * `updateDevice(record.id, record.version, changes)`. The core uses it for
 * the snapshot it answers with; the memory store for the record it keeps.
 */
import type { DeviceChanges, DeviceRecord } from './types.js';

/**
 * The record as a successful `updateDevice(record.id, record.version,
 * changes)` leaves it. Written out field by field: this runs on every
 * verification, and spreading a frozen record costs ten times as much.
 */
export function withChanges(record: DeviceRecord, changes: DeviceChanges): DeviceRecord {
  return {
    id: record.id,
    userId: record.userId,
    kind: record.kind,
    name: changes.name ?? record.name,
    confirmed: changes.confirmed ?? record.confirmed,
    createdAt: record.createdAt,
    lastUsedAt: changes.lastUsedAt === undefined ? record.lastUsedAt : changes.lastUsedAt,
    secret: changes.secret === undefined ? record.secret : changes.secret,
    state: changes.state ?? record.state,
    failureCount: changes.failureCount ?? record.failureCount,
    lastFailureAt: changes.lastFailureAt === undefined ? record.lastFailureAt : changes.lastFailureAt,
    lastChallengeAt: changes.lastChallengeAt === undefined ? record.lastChallengeAt : changes.lastChallengeAt,
    version: record.version + 1,
  };
}
