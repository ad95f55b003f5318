/**
 * Lazy loading of `@simplewebauthn/server`, an optional peer dependency: an
 * application that offers no security keys never installs it. Types are
 * imported at compile time only.
 */
import type * as SimpleWebAuthnServer from '@simplewebauthn/server';
import type * as SimpleWebAuthnHelpers from '@simplewebauthn/server/helpers';
import { loadOptionalPackage } from '../../core/optional-package.js';

/** The functions of `@simplewebauthn/server` this kind uses. */
export type WebAuthnServer = typeof SimpleWebAuthnServer;

/** The helpers of `@simplewebauthn/server/helpers` this kind uses (decoding, certificate paths). */
export type WebAuthnHelpers = typeof SimpleWebAuthnHelpers;

/** Both modules, loaded together. */
export interface WebAuthnLibrary {
  readonly server: WebAuthnServer;
  readonly helpers: WebAuthnHelpers;
}

let loading: Promise<WebAuthnLibrary> | undefined;

/**
 * Loads `@simplewebauthn/server` once per process.
 *
 * @throws TwofoldError `INVALID_CONFIG` saying what to install when it is missing.
 */
export function loadWebAuthnLibrary(): Promise<WebAuthnLibrary> {
  loading ??= (async () => {
    const server = await loadOptionalPackage('@simplewebauthn/server', 'the webauthn device kind', () => import('@simplewebauthn/server'));
    const helpers = await loadOptionalPackage('@simplewebauthn/server', 'the webauthn device kind', () => import('@simplewebauthn/server/helpers'));
    return { server, helpers };
  })();
  // A failed load (package missing) is retried next time rather than cached.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
