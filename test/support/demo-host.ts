/**
 * The demo site (examples/demo) started in-process for the browser tests:
 * on 127.0.0.1 at a random port, with a temporary data directory and a
 * manual clock five seconds into a TOTP step, so that "+30 s" is always
 * exactly the next step and no test waits for a code to change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import assert from 'node:assert/strict';
import { manualClock, type ManualClock } from '../../src/core/clock.js';

/** A running demo site. */
export interface DemoHost {
  readonly demo: DemoApp;
  readonly url: string;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Stops the site and deletes its data directory. */
  close(): Promise<void>;
}

/** Options of {@link startDemoHost}. */
export interface DemoHostOptions {
  /**
   * Security keys on: the port is opened before the demo starts, so that the
   * demo's WebAuthn origin names it, and `url` is `http://localhost:<port>`
   * (browsers allow WebAuthn on http for localhost only).
   */
  readonly securityKeys?: boolean;
}

/** A server listening on a free port of 127.0.0.1. */
async function openServer(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

/**
 * Starts the demo site with its data in a new temporary directory named
 * after `prefix`; its clock starts at `start` (ms) when given.
 */
export async function startDemoHost(prefix: string, start?: number, options: DemoHostOptions = {}): Promise<DemoHost> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const clock = manualClock(start ?? Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
  const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
  const server = options.securityKeys === true ? await openServer() : undefined;
  try {
    const demo = await createDemoApp({ dataDir, clock: clock.now, env: {}, logger: quiet, ...(server === undefined ? {} : { server }) });
    const listening = await demo.listen(0);
    const url = server === undefined ? listening : listening.replace('//127.0.0.1:', '//localhost:');
    return {
      demo,
      url,
      clock,
      dataDir,
      async close() {
        try {
          await demo.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the demo site for a story about one seeded user who has no second
 * factor yet: the site, with that user's password and `extra` state (kept
 * from one test to the next). Stops the site again when the user is missing.
 */
export async function startDemoStory<Extra extends object>(
  prefix: string,
  username: string,
  extra: Extra,
  start?: number,
): Promise<DemoHost & { readonly password: string } & Extra> {
  const host = await startDemoHost(prefix, start);
  try {
    const password = host.demo.seedUsers.find((user) => user.username === username)?.password;
    assert.ok(password !== undefined, `the demo seeds ${username}`);
    assert.equal(await host.demo.twofold.userHasDevice(username), false, `${username} starts without two-factor authentication`);
    return Object.assign(host, { password }, extra);
  } catch (error) {
    await host.close();
    throw error;
  }
}
