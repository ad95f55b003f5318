/**
 * Loading the delivery SDKs (twilio, nodemailer), which are optional peer
 * dependencies: an application that sends no SMS never installs twilio.
 */
import { TwofoldError } from '../core/errors.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `load` (a literal `import('name')`, so that it is typed and bundlers
 * see it) and turns "not installed" into an `INVALID_CONFIG` error that says
 * what to install.
 */
export async function loadOptionalPackage<T>(packageName: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && describe(error).includes(`'${packageName}'`);
    if (missing) {
      throw new TwofoldError('INVALID_CONFIG', `${purpose} needs the optional package "${packageName}", which is not installed: run \`npm install ${packageName}\``, {
        cause: error,
      });
    }
    throw new TwofoldError('INVALID_CONFIG', `${purpose}: could not load "${packageName}": ${describe(error)}`, { cause: error });
  }
}
