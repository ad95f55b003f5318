/**
 * The demo's two secrets, each generated on first start into the data
 * directory with owner-only permissions:
 *
 * - `secret`: twofold's encryption key for device keys at rest, unless
 *   `TWOFOLD_SECRETS` is set (comma-separated, newest first, as for the CLI);
 * - `session-secret`: the key that signs the session cookie.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecret } from '../../src/index.js';

/** Where the encryption secrets came from. */
export type SecretSource = 'environment' | 'file' | 'generated';

/** Reads `name` from `dataDir`, creating it with a new random secret if it does not exist. */
export function fileSecret(dataDir: string, name: string): { readonly value: string; readonly generated: boolean } {
  const path = join(dataDir, name);
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot overwrite each other's key.
    writeFileSync(path, `${generateSecret()}\n`, { mode: 0o600, flag: 'wx' });
    return { value: readFileSync(path, 'utf8').trim(), generated: true };
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  const value = readFileSync(path, 'utf8').trim();
  if (value.length < 32) throw new Error(`${path} holds no usable secret (at least 32 characters): delete it to generate a new one`);
  return { value, generated: false };
}

/** twofold's encryption secrets: from `TWOFOLD_SECRETS`, else from `dataDir/secret`. */
export function encryptionSecrets(dataDir: string, env: NodeJS.ProcessEnv): { readonly secrets: string[]; readonly source: SecretSource } {
  const fromEnv = (env.TWOFOLD_SECRETS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
  if (fromEnv.length > 0) return { secrets: fromEnv, source: 'environment' };
  const file = fileSecret(dataDir, 'secret');
  return { secrets: [file.value], source: file.generated ? 'generated' : 'file' };
}
