/**
 * The challenge part of the SQL store: one row per outstanding ceremony
 * challenge (WebAuthn), taken back with a single `DELETE ... RETURNING`
 * (PostgreSQL, SQLite >= 3.35). The database deletes a row once: of
 * concurrent takers, across every process, exactly one gets it back.
 */
import { sql } from 'kysely';
import type { ColumnType, Kysely, Migration } from 'kysely';
import { TwofoldError } from '../../core/errors.js';
import type { ChallengeRecord, ChallengeStore } from '../../core/types.js';
import { CHALLENGE_FIELDS, CHALLENGE_SWEEP_INTERVAL_MS, challengeProblem, checkChallenge, checkChallengeTime } from '../challenges.js';
import { lookupKey } from '../validate.js';
import type { DriverInteger, SqlDialect, TableNames } from './schema.js';
import { integerFromDriver as fromDriver, isDuplicateKey } from './driver-values.js';
import type { StoreRunner } from './remembered.js';

/** The `<prefix>challenges` table. Rows never change: they are inserted, then deleted. */
export interface ChallengesTable {
  id: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  purpose: ColumnType<string, string, never>;
  binding_hash: ColumnType<string, string, never>;
  challenge: ColumnType<string, string, never>;
  created_at: ColumnType<DriverInteger, number, never>;
  expires_at: ColumnType<DriverInteger, number, never>;
}

type ChallengesDatabase = Record<string, ChallengesTable>;

const COLUMN_OF_FIELD = {
  id: 'id',
  userId: 'user_id',
  purpose: 'purpose',
  bindingHash: 'binding_hash',
  challenge: 'challenge',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
} as const satisfies Record<keyof ChallengeRecord, keyof ChallengesTable>;

const COLUMNS = CHALLENGE_FIELDS.map((field) => COLUMN_OF_FIELD[field]);
function rowToRecord(row: Readonly<Record<string, unknown>>): ChallengeRecord {
  const record: Record<string, unknown> = {};
  for (const field of CHALLENGE_FIELDS) {
    const column = COLUMN_OF_FIELD[field];
    const value = field === 'createdAt' || field === 'expiresAt' ? fromDriver(row[column]) : row[column];
    const problem = challengeProblem(field, value);
    if (problem !== null) throw new TwofoldError('STORE_ERROR', `corrupt row in the challenges table: column ${column} ${problem}`);
    record[field] = value;
  }
  return record as unknown as ChallengeRecord;
}

/** Migration `0005_challenges`: the table and an index on expiry (pruning). */
export function challengesMigration(names: TableNames, dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const idType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable(names.challenges)
        .addColumn('id', idType, (column) => column.primaryKey())
        .addColumn('user_id', idType, (column) => column.notNull())
        .addColumn('purpose', 'text', (column) => column.notNull())
        .addColumn('binding_hash', 'text', (column) => column.notNull())
        .addColumn('challenge', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex(names.challengesExpiryIndex).on(names.challenges).column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable(names.challenges).execute();
    },
  };
}

/** The challenge methods of the SQL store on the tables named by `names`. */
export function kyselyChallenges<DB>(host: Kysely<DB>, names: TableNames, run: StoreRunner): ChallengeStore {
  const db = host as unknown as Kysely<ChallengesDatabase>;
  const table = names.challenges;
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  async function deleteExpired(at: number): Promise<number> {
    const result = await db.deleteFrom(table).where('expires_at', '<=', at).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    async putChallenge(record) {
      const checked = checkChallenge(record);
      // Best effort, in a statement of its own: an expired row is refused when taken anyway, so pruning late changes nothing.
      if (checked.createdAt - lastSweepAt >= CHALLENGE_SWEEP_INTERVAL_MS) {
        lastSweepAt = checked.createdAt;
        await run('putChallenge (pruning)', () => deleteExpired(checked.createdAt)).catch((error: unknown) => {
          // A closed store must still say so; anything else is retried a minute later.
          if (error instanceof TwofoldError && error.message.includes('closed')) throw error;
        });
      }
      await run('putChallenge', async () => {
        try {
          await db
            .insertInto(table)
            .values({
              id: checked.id,
              user_id: checked.userId,
              purpose: checked.purpose,
              binding_hash: checked.bindingHash,
              challenge: checked.challenge,
              created_at: checked.createdAt,
              expires_at: checked.expiresAt,
            })
            .execute();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          throw new TwofoldError('STORE_ERROR', `putChallenge: a challenge with id ${checked.id} already exists`, { cause: error });
        }
      });
    },

    async takeChallenge(id) {
      const key = lookupKey(id, 'takeChallenge: id');
      return run('takeChallenge', async () => {
        if (key === null) return null;
        const row = await db.deleteFrom(table).where('id', '=', key).returning(COLUMNS).executeTakeFirst();
        return row === undefined ? null : rowToRecord(row);
      });
    },

    async deleteExpiredChallenges(at) {
      const now = checkChallengeTime(at);
      return run('deleteExpiredChallenges', () => deleteExpired(now));
    },
  };
}
