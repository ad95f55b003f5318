/**
 * axe-core in the browser tests: its source is injected into the page under
 * test (a page script, like an extension's; the page's CSP does not apply to
 * Playwright's evaluation) and run there, and the violations at `serious`
 * and `critical` impact are returned for the test to assert on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

let source: string | undefined;

/** The axe-core source, read once from the installed package. */
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/** One violation, in a few words: rule, impact, and where. */
export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/** Runs axe on the page as it is now; returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof axe === "object"');
  if (!loaded) await page.evaluate(axeSource());
  // A string, run in the page (no DOM types in this project's compiler settings).
  const violations = await page.evaluate<AxeFinding[]>(`axe.run(document).then((result) => result.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact || 'unknown',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
  })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
