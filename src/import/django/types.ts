/**
 * Public types of the Django importer: what `importFromDjango` takes and
 * the report it gives back.
 */
import type { Twofold } from '../../core/twofold.js';

/** A Django user key (the primary key of the user table), as text. */
export type DjangoUserKey = string;

/**
 * How Django users become the host's user ids: a column of the Django user
 * table (`{ column: 'username' }`), or a function. Returning null or
 * undefined leaves the user out; the report lists them.
 */
export type DjangoUserMapping =
  | {
      /** The column whose value becomes the twofold user id, e.g. `username` or `email`. */
      readonly column: string;
      /** The user table. Default `auth_user` (set it for a custom user model, e.g. `accounts_user`). */
      readonly table?: string;
      /** The user table's primary key column. Default `id`. */
      readonly key?: string;
    }
  | ((djangoUserKey: DjangoUserKey) => string | null | undefined | Promise<string | null | undefined>);

/** Progress after each batch. */
export interface DjangoImportProgress {
  /** Django users with at least one device, handled so far. */
  readonly usersDone: number;
  /** Django users with at least one device, in all. */
  readonly usersTotal: number;
  /** Devices created so far (or that would be, in a dry run). */
  readonly devicesCreated: number;
}

/** Options of {@link importFromDjango}. */
export interface DjangoImportOptions {
  /** The destination: devices are created in its store, for its registered kinds. */
  readonly twofold: Twofold;
  /**
   * The encryption secrets the twofold instance was created with (newest
   * first). Device keys are sealed with the first, exactly as the core does.
   */
  readonly secrets: readonly string[];
  /** The Django database: an SQLite file path (`sqlite:` and `file:` URLs too) or a `postgres://` URL. Opened read-only. */
  readonly database: string;
  /** PostgreSQL only: the schema holding Django's tables (default: the server's search_path). */
  readonly schema?: string;
  /** How Django users map to the host's user ids. */
  readonly users: DjangoUserMapping;
  /** Report what would be created without writing anything. Default false. */
  readonly dryRun?: boolean;
  /** Django users per batch (1 to 10,000; default 500). Each batch is written in one transaction. */
  readonly batchSize?: number;
  /** Called after each batch. */
  readonly onProgress?: (progress: DjangoImportProgress) => void;
  /**
   * Names this source in the derived device ids (default `django`). Keep it
   * the same across runs of one migration; use different ones only for
   * different Django databases imported into one twofold store.
   */
  readonly sourceName?: string;
  /** Import unconfirmed Django devices too (as unconfirmed twofold devices). Default true. */
  readonly includeUnconfirmed?: boolean;
}

/** One Django row that was not imported, and why. */
export interface DjangoSkippedRow {
  readonly table: string;
  /** The row's primary key, as text. */
  readonly pk: string;
  /** The owner's Django user key. */
  readonly djangoUser: DjangoUserKey;
  readonly reason: string;
}

/** Something worth knowing about a row that was imported (for example a value made stricter). */
export interface DjangoImportNote {
  readonly table: string;
  readonly pk: string;
  readonly djangoUser: DjangoUserKey;
  readonly note: string;
}

/** A Django user whose devices were not imported because the mapping gave no twofold user. */
export interface DjangoUnmappedUser {
  readonly djangoUser: DjangoUserKey;
  /** How many device rows they own. */
  readonly devices: number;
}

/** What {@link importFromDjango} did (or, in a dry run, would do). */
export interface DjangoImportReport {
  readonly dryRun: boolean;
  /** Django users owning at least one device row. */
  readonly usersSeen: number;
  /** Of those, users who got (or would get) at least one new device. */
  readonly usersImported: number;
  /** Devices created (would be created), by twofold kind. */
  readonly created: Readonly<Record<string, number>>;
  /** Devices found already imported by an earlier run, and left alone. */
  readonly alreadyImported: number;
  /** Users whose primary device was set from two-factor's "default" device. */
  readonly primaryDevicesSet: number;
  readonly unmappedUsers: readonly DjangoUnmappedUser[];
  readonly skipped: readonly DjangoSkippedRow[];
  readonly notes: readonly DjangoImportNote[];
  /** Device tables found in the Django database, and those looked for but absent. */
  readonly tables: { readonly found: readonly string[]; readonly missing: readonly string[] };
}
