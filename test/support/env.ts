/**
 * Test-environment helpers. Locally a test whose dependency (a PostgreSQL
 * server, the oathtool binary, Chromium) is missing skips with a reason; in CI
 * (`CI=true`), where .ci/run installs everything, the same situation fails.
 */
import type { TestContext } from 'node:test';
import { spawnSync } from 'node:child_process';

/** Whether we run in CI, where every test must run. */
export const inCI = process.env.CI === 'true';

/**
 * Returns true when `available`; otherwise skips the test with `reason`
 * (locally) or throws (in CI), and returns false.
 */
export function requireOrSkip(t: TestContext, available: boolean, reason: string): boolean {
  if (available) return true;
  if (inCI) throw new Error(`required in CI but missing: ${reason}`);
  t.skip(reason);
  return false;
}

/** Whether an executable can be run (`name --version` or the given args exits 0). */
export function hasCommand(name: string, args: readonly string[] = ['--version']): boolean {
  const result = spawnSync(name, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** The PostgreSQL URL for tests, from TWOFOLD_TEST_DATABASE_URL, or null. */
export function postgresTestUrl(): string | null {
  const url = process.env.TWOFOLD_TEST_DATABASE_URL;
  return url !== undefined && url !== '' ? url : null;
}
