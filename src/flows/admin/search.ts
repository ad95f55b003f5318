/**
 * Finding devices by user id for the admin's list.
 *
 * The {@link Store} contract has no query by user id substring, so the search
 * pages through every device with `scanDevices` (ascending device id) and
 * keeps the users whose id contains the query, case-insensitively. The scan
 * is bounded (`maxScan` devices, `maxUsers` users) so that one page view
 * cannot read an unbounded table; the page says when it stopped early.
 * A store method searching by user id would remove both limits.
 */
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';

/** Limits of {@link searchDevices}. */
export interface SearchLimits {
  /** Most devices read from the store per search. */
  readonly maxScan: number;
  /** Most users whose devices are listed. */
  readonly maxUsers: number;
}

/** The outcome of {@link searchDevices}. */
export interface SearchResult {
  /** Matching users' devices, grouped by user (users sorted by id), oldest device first. */
  readonly devices: readonly Device[];
  readonly userIds: readonly string[];
  /** True when a limit stopped the search, so more users may match. */
  readonly truncated: boolean;
}

const PAGE_SIZE = 500;

/** The devices of every user whose id contains `query` (all users with a device when it is empty). */
export async function searchDevices(twofold: Twofold, query: string, limits: SearchLimits): Promise<SearchResult> {
  const needle = query.toLowerCase();
  const users = new Set<string>();
  let scanned = 0;
  let afterId: string | undefined;
  let truncated = false;
  for (;;) {
    if (scanned >= limits.maxScan) {
      truncated = (await twofold.store.scanDevices(afterId === undefined ? { limit: 1 } : { afterId, limit: 1 })).length > 0;
      break;
    }
    const limit = Math.min(PAGE_SIZE, limits.maxScan - scanned);
    const page = await twofold.store.scanDevices(afterId === undefined ? { limit } : { afterId, limit });
    scanned += page.length;
    for (const record of page) {
      if (users.has(record.userId) || !record.userId.toLowerCase().includes(needle)) continue;
      if (users.size >= limits.maxUsers) {
        truncated = true;
        break;
      }
      users.add(record.userId);
    }
    if (truncated || page.length < limit) break;
    afterId = page[page.length - 1]!.id;
  }
  const userIds = [...users].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const devices: Device[] = [];
  // Read back through the core, which hands out snapshots without key material.
  for (const userId of userIds) devices.push(...(await twofold.listDevices(userId)));
  return { devices, userIds, truncated };
}
