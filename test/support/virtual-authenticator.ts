/**
 * Chromium's DevTools virtual authenticator, for the WebAuthn browser tests:
 * a security key that answers at once (presence and, on CTAP2, user
 * verification simulated), swapped for another to play "a key without this
 * account's credential".
 */
import type { CDPSession, Page } from 'playwright-core';

/** A tab's virtual authenticators: the DevTools session, and the one plugged in now. */
export interface VirtualKeys {
  readonly cdp: CDPSession;
  /** The id of the authenticator present, or null. */
  current: string | null;
}

/** Opens the DevTools session of `page` with WebAuthn on and no browser dialog. */
export async function virtualKeys(page: Page): Promise<VirtualKeys> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return { cdp, current: null };
}

/**
 * Unplugs the present authenticator (its credentials go with it) and plugs
 * in a new, empty one: CTAP2 with resident keys and user verification, or
 * the older U2F without either. Returns its id.
 */
export async function plugInAuthenticator(keys: VirtualKeys, protocol: 'ctap2' | 'u2f'): Promise<string> {
  await unplugAuthenticator(keys);
  const ctap2 = protocol === 'ctap2';
  const { authenticatorId } = await keys.cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol, transport: 'usb', hasResidentKey: ctap2, hasUserVerification: ctap2, isUserVerified: ctap2, automaticPresenceSimulation: true },
  });
  keys.current = authenticatorId;
  return authenticatorId;
}

/** Removes the present authenticator, if any. */
export async function unplugAuthenticator(keys: VirtualKeys): Promise<void> {
  if (keys.current === null) return;
  await keys.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: keys.current });
  keys.current = null;
}

/** Collects the page's Content Security Policy complaints (from its console) into the returned list. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
