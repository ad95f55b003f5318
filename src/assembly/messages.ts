/**
 * The whole English catalog: the web layer's sentences and every flow's,
 * joined here (the only place that knows all of them), and the translator
 * that uses it.
 */
import { ACCOUNT_MESSAGES } from '../flows/account/messages.js';
import { LOGIN_MESSAGES } from '../flows/login/messages.js';
import { STEP_UP_MESSAGES } from '../flows/step-up/messages.js';
import { createCatalogTranslator, WEB_MESSAGES, type MessageCatalog, type Translator, type TranslatorOptions } from '../web/messages.js';

/** The English catalog; its keys are the message ids. */
export const ENGLISH_MESSAGES = {
  ...WEB_MESSAGES,
  ...ACCOUNT_MESSAGES,
  ...LOGIN_MESSAGES,
  ...STEP_UP_MESSAGES,
} as const satisfies MessageCatalog;

/**
 * Creates a {@link Translator} over {@link ENGLISH_MESSAGES}, with the host's
 * rewording. Throws a RangeError for an unknown time zone or locale.
 *
 * @example
 * const t = createTranslator({ locale: 'en-GB', timeZone: 'Europe/London', messages: { 'page.login.title': 'Log in' } });
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  return createCatalogTranslator(ENGLISH_MESSAGES, options);
}
