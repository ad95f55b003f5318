/**
 * Browser-test harness: Playwright (`playwright-core`) driving Debian's
 * Chromium package (`apt-get install chromium`), never a browser downloaded
 * by Playwright. Each launch gets a fresh temporary profile that is deleted
 * on close, and a screenshot helper that writes under `test-results/`.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, type TestContext } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireOrSkip } from './env.js';

/** The Chromium binary (Debian's `chromium` package); `TWOFOLD_CHROMIUM` overrides it. */
export const CHROMIUM_PATH = process.env.TWOFOLD_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'browser');

/** Flags for a quiet, headless, offline-friendly Chromium in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/*
 * Time limits sized for a loaded 2-core machine (Chromium, the app under test
 * and other test files share the cores). A limit per step and per test, never
 * one for a whole suite: a slow machine then makes a suite slower, not red,
 * while a step that really hangs still fails with its own name.
 */

/** Launching Chromium. */
export const BROWSER_LAUNCH_TIMEOUT_MS = 90_000;
/** One navigation (goto, a submitted form, waitForURL). */
export const BROWSER_NAVIGATION_TIMEOUT_MS = 60_000;
/** One other step (a selector, a click, a fill). */
export const BROWSER_STEP_TIMEOUT_MS = 30_000;
/** One test (`it`) of a browser suite. */
export const BROWSER_TEST_TIMEOUT_MS = 240_000;
/** A before/after hook of a browser suite (starting the app and Chromium). */
export const BROWSER_HOOK_TIMEOUT_MS = 180_000;

/** Whether the Chromium binary exists and is executable. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A running browser with its own profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Options of {@link launchBrowser}. */
export interface LaunchOptions {
  readonly viewport?: { width: number; height: number };
  /** The browser's time zone (default UTC, the test hosts' zone). */
  readonly timezoneId?: string;
}

/** Launches Chromium headless with a fresh temporary `--user-data-dir`. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'twofold-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is Playwright's way of passing --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1024, height: 800 },
      locale: 'en-US',
      timezoneId: options.timezoneId ?? 'UTC',
      colorScheme: 'light',
      timeout: BROWSER_LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(BROWSER_STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_NAVIGATION_TIMEOUT_MS);
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `test-results/browser/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs `action` (a click that submits a form or follows a link) and waits until the next document has loaded. */
export async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }), action()]);
  await page.waitForLoadState('load');
}

/** The path of the page's URL. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The text of the page's `<main>`, as a person reads it. */
export function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

/** Why a browser test skips (locally) or fails (in CI) when Chromium is missing. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;

/** What a browser suite's tests get: the app under test, the browser and one tab. */
export interface BrowserRun<Host> {
  readonly host: Host;
  readonly browser: TestBrowser;
  readonly page: Page;
}

/** Options of {@link useBrowserSuite}. */
export interface BrowserSuiteOptions<Host> extends LaunchOptions {
  /** Starts the app under test (once, in the `before` hook, only when Chromium is there). */
  startHost(): Promise<Host>;
  /** Stops it (in the `after` hook, after the browser); its own `close()` when not given. */
  stopHost?(host: Host): Promise<void>;
  /** Screenshots whose names start with this, left by an earlier run, are deleted first: they would mislead whoever looks at the folder. */
  screenshotPrefix?: string;
  /** Runs after the browser closed and the host stopped (a summary of the screenshots, say). */
  afterAll?(run: BrowserRun<Host>): void;
}

/** A browser suite's handle, for its tests. */
export interface BrowserSuite<Host> {
  /**
   * The started run, or null when Chromium is missing (the test is then
   * skipped, or failed in CI); fails when the hooks could not start it.
   */
  started(t: TestContext): BrowserRun<Host> | null;
  /** The time limit of one test (`it`) of a browser suite. */
  readonly testTimeoutMs: number;
}

/**
 * The `before` and `after` hooks every browser suite has, registered in the
 * `describe` that calls it: start the host and Chromium with one tab when
 * Chromium is there, and close both afterwards (a hook that failed halfway
 * still closes what it started).
 *
 * @example
 * describe('the pages', () => {
 *   const suite = useBrowserSuite({ startHost: () => startFlowHost() });
 *   it('signs in', { timeout: suite.testTimeoutMs }, async (t) => {
 *     const run = suite.started(t);
 *     if (run === null) return;
 *     await run.page.goto(`${run.host.url}/account/login`);
 *   });
 * });
 */
export function useBrowserSuite<Host extends { close?(): Promise<void> }>(options: BrowserSuiteOptions<Host>): BrowserSuite<Host> {
  const available = chromiumAvailable();
  let run: BrowserRun<Host> | null = null;
  let host: Host | null = null;
  let browser: TestBrowser | null = null;
  const stop = (started: Host): Promise<void> => (options.stopHost === undefined ? (started.close?.() ?? Promise.resolve()) : options.stopHost(started));

  before(
    async () => {
      if (!available) return;
      if (options.screenshotPrefix !== undefined) removeScreenshots(options.screenshotPrefix);
      host = await options.startHost();
      browser = await launchBrowser({
        ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
        ...(options.timezoneId === undefined ? {} : { timezoneId: options.timezoneId }),
      });
      run = { host, browser, page: await browser.newPage() };
    },
    { timeout: BROWSER_HOOK_TIMEOUT_MS },
  );

  after(
    async () => {
      const finished = run;
      run = null;
      try {
        await browser?.close();
      } finally {
        if (host !== null) await stop(host);
        browser = null;
        host = null;
      }
      if (finished !== null) options.afterAll?.(finished);
    },
    { timeout: BROWSER_HOOK_TIMEOUT_MS },
  );

  return {
    started(t) {
      if (!requireOrSkip(t, available, CHROMIUM_MISSING)) return null;
      assert.ok(run !== null, 'the host and the browser did not start (see the before hook)');
      return run;
    },
    testTimeoutMs: BROWSER_TEST_TIMEOUT_MS,
  };
}

/** Deletes the screenshots whose names start with `prefix`. */
function removeScreenshots(prefix: string): void {
  let files: string[];
  try {
    files = readdirSync(SCREENSHOT_DIR);
  } catch {
    return; // No folder yet.
  }
  for (const file of files) if (file.startsWith(prefix)) rmSync(join(SCREENSHOT_DIR, file));
}
