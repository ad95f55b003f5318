/**
 * The browser side, served by twofold itself (no CDN): the
 * `@simplewebauthn/browser` UMD bundle read from the installed package, with
 * twofold's small driver appended. Hosts (and later the neutral pages) serve
 * it under a path containing its hash, with a long cache lifetime.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TwofoldError } from '../../core/errors.js';
import { WEBAUTHN_DRIVER_SOURCE } from './driver.js';

/** The browser script and what serving it needs. */
export interface WebAuthnBrowserScript {
  /** The JavaScript text. */
  readonly source: string;
  /** SHA-256 of `source`, base64url, first 16 characters: put it in the URL, and cache for a year. */
  readonly hash: string;
  /** A file name carrying the hash, e.g. `twofold-webauthn.3vQm9xk2pD0aZ1bQ.js`. */
  readonly fileName: string;
  /** `text/javascript; charset=utf-8`. */
  readonly contentType: string;
  /** For `<script integrity>`: `sha384-...`. */
  readonly integrity: string;
  /** The version of `@simplewebauthn/browser` inside. */
  readonly libraryVersion: string;
}

function readBundle(): { bundle: string; version: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@simplewebauthn/browser');
  } catch (error) {
    throw new TwofoldError('INVALID_CONFIG', 'the webauthn browser script needs the optional package "@simplewebauthn/browser", which is not installed: run `npm install @simplewebauthn/browser`', { cause: error });
  }
  // The package exports only its modules; the UMD bundle sits beside them (entry: <root>/script/index.js).
  const root = dirname(dirname(entry));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  if (manifest.name !== '@simplewebauthn/browser' || typeof manifest.version !== 'string') {
    throw new TwofoldError('INVALID_CONFIG', `cannot find the @simplewebauthn/browser package beside ${entry}`);
  }
  const bundle = readFileSync(join(root, 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
  return { bundle, version: manifest.version };
}

let loaded: WebAuthnBrowserScript | undefined;

/**
 * The browser script, read synchronously once per process (about 10 KB from
 * the installed package): what the pages' route table needs when it is
 * built, since the file name carries the hash.
 *
 * @throws TwofoldError `INVALID_CONFIG` when `@simplewebauthn/browser` is not installed.
 */
export function webauthnBrowserScriptSync(): WebAuthnBrowserScript {
  if (loaded !== undefined) return loaded;
  const { bundle, version } = readBundle();
  const source = `${bundle}\n${WEBAUTHN_DRIVER_SOURCE}`;
  const hash = createHash('sha256').update(source, 'utf8').digest('base64url').slice(0, 16);
  loaded = {
    source,
    hash,
    fileName: `twofold-webauthn.${hash}.js`,
    contentType: 'text/javascript; charset=utf-8',
    integrity: `sha384-${createHash('sha384').update(source, 'utf8').digest('base64')}`,
    libraryVersion: version,
  };
  return loaded;
}

/**
 * The browser script for the WebAuthn ceremonies, read once per process.
 *
 * @example
 * ```ts
 * const script = await webauthnBrowserScript();
 * app.get(`/assets/${script.fileName}`, (req, res) => {
 *   res.set({ 'Content-Type': script.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' }).send(script.source);
 * });
 * ```
 *
 * @throws TwofoldError `INVALID_CONFIG` when `@simplewebauthn/browser` is not installed.
 */
export function webauthnBrowserScript(): Promise<WebAuthnBrowserScript> {
  try {
    return Promise.resolve(webauthnBrowserScriptSync());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
