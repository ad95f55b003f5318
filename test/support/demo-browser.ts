/**
 * The demo site and a Chromium page for a browser test: the demo in-process
 * on 127.0.0.1 (random port) with a temporary data directory and a manual
 * clock that starts 5 s into a TOTP step, so that "+30 s" is exactly the
 * next step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import { manualClock, type ManualClock } from '../../src/core/clock.js';
import { launchBrowser, type TestBrowser } from './browser.js';

/** A running demo with a browser page on it. */
export interface DemoRun {
  readonly demo: DemoApp;
  readonly url: string;
  readonly browser: TestBrowser;
  readonly page: Page;
  readonly clock: ManualClock;
  readonly dataDir: string;
}

/** Starts the demo on a fresh data directory (named after `name`) and opens a page; `prepare` runs before it listens. */
export async function startDemoRun(name: string, prepare?: (demo: DemoApp) => Promise<void>): Promise<DemoRun> {
  const dataDir = mkdtempSync(join(tmpdir(), `twofold-${name}-`));
  const clock = manualClock(Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
  const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
  const demo = await createDemoApp({ dataDir, clock: clock.now, env: {}, logger: quiet });
  await prepare?.(demo);
  const url = await demo.listen(0);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  return { demo, url, browser, page, clock, dataDir };
}

/** Closes the browser and the demo, and removes the data directory. */
export async function stopDemoRun(run: DemoRun): Promise<void> {
  await run.browser.close();
  await run.demo.close();
  rmSync(run.dataDir, { recursive: true, force: true });
}
