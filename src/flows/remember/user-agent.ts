/**
 * A short, readable description of the browser behind a User-Agent string
 * ("Chrome" on "Linux", "Safari" on "iPhone"), for the profile's list of
 * remembered browsers: the raw string is long and means little to most
 * people.
 *
 * The summary is worked out when the list is shown, not when a browser is
 * remembered: the stored string stays the one source (rows written before
 * this existed read the same way), a better parser improves every row at
 * once, and the words around the names ("on", "Unknown browser") belong to
 * the reader's language anyway. Parsing is done by `bowser` (MIT), not by
 * patterns of our own that would go stale with every new browser.
 */
import Bowser from 'bowser';

/** What a User-Agent string says about the browser, as names a person recognises. */
export interface BrowserSummary {
  /** The browser ("Chrome", "Firefox", "Microsoft Edge", "Safari"), or null when not recognised. */
  readonly browser: string | null;
  /**
   * Where it runs: the model of a phone or tablet when the string names it
   * ("iPhone", "iPad"), else the operating system ("Linux", "Windows",
   * "macOS", "Android"); null when not recognised.
   */
  readonly system: string | null;
}

const NOTHING: BrowserSummary = { browser: null, system: null };

// For a string it does not recognise, the parser names the first product token; every browser sends
// "Mozilla/5.0" first for old sites' sake, so that name says nothing about which browser it is.
const NOT_A_BROWSER: ReadonlySet<string> = new Set(['mozilla']);

function named(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The browser and system named by `userAgent`; both null for '' or a string no parser recognises. Never throws. */
export function summarizeUserAgent(userAgent: string): BrowserSummary {
  if (userAgent.trim() === '') return NOTHING;
  let parsed: ReturnType<typeof Bowser.parse>;
  try {
    parsed = Bowser.parse(userAgent);
  } catch {
    // Stored strings are untrusted: a parser failure must not break the profile.
    return NOTHING;
  }
  const browser = named(parsed.browser.name);
  return {
    browser: browser === null || NOT_A_BROWSER.has(browser.toLowerCase()) ? null : browser,
    system: named(parsed.platform.model) ?? named(parsed.os.name),
  };
}
