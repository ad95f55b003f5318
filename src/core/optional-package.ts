/**
 * Loading optional peer dependencies (the database drivers, the delivery
 * SDKs): an application that sends no SMS never installs twilio, one on
 * PostgreSQL never installs better-sqlite3.
 */
import { TwofoldError } from './errors.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports an optional package, turning "not installed" into an
 * `INVALID_CONFIG` error that says what to install, and any other load
 * failure into an `INVALID_CONFIG` error that says which package failed.
 *
 * @param packageName - the npm name, as in the install hint.
 * @param purpose - who needs it (`openSqliteStore`, `twilioGateway`), first word of the message.
 * @param load - performs the import; a literal `import('name')`, so that it is typed and bundlers see it.
 * @example
 * const { default: pg } = await loadOptionalPackage('pg', 'openPostgresStore', () => import('pg'));
 */
export async function loadOptionalPackage<T>(packageName: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && describe(error).includes(`'${packageName}'`);
    if (missing) {
      throw new TwofoldError(
        'INVALID_CONFIG',
        `${purpose} needs the optional package "${packageName}", which is not installed: run \`npm install ${packageName}\``,
        { cause: error },
      );
    }
    throw new TwofoldError('INVALID_CONFIG', `${purpose}: could not load "${packageName}": ${describe(error)}`, { cause: error });
  }
}
