/**
 * Every sentence twofold's pages show, in one catalog keyed by a stable id,
 * so that a host can reword one message, and a later translation layer can
 * swap the whole catalog, without touching the pages.
 *
 * Counts are pluralised with `Intl.PluralRules` (never "1 attempts"), and
 * times are shown both relative ("in 8 seconds") and absolute, with their
 * time zone, because the server cannot know the reader's zone.
 */
import { catalogText, perTranslation, translatedLanguage } from './i18n/localize.js';
import type { MessageText } from './i18n/text.js';

export type { MessageText, PluralText } from './i18n/text.js';

/**
 * The web layer's own English sentences (sign-in form, sign-out, errors,
 * delivery). The flows keep theirs next to their pages, and the assembly
 * (`src/assembly/messages.ts`) joins them all into `ENGLISH_MESSAGES`.
 */
export const WEB_MESSAGES = {
  'page.login.title': 'Sign in',
  'page.loginToken.title': 'Enter your code',
  'page.token.title': 'Confirm it is you',
  'page.logout.title': 'Sign out',
  'page.error.title': 'Something went wrong',
  'page.forbidden.title': 'Request refused',
  'page.stale.title': 'This page was out of date',

  'field.username': 'Username',
  'field.password': 'Password',
  'field.device': 'Device',
  'field.token': 'Code',
  'field.token.hint': 'The code shown by your authenticator app, a code we sent you, or one of your backup codes.',

  'action.signIn': 'Sign in',
  'action.verify': 'Verify',
  'action.sendCode': 'Send me a code',
  'action.otherAccount': 'Use a different account',
  'action.signOut': 'Sign out',
  'action.backToSignIn': 'Back to sign-in',
  'action.continue': 'Continue',

  'errors.heading': 'There is a problem',

  'login.signingInAs': 'Signing in as {username}.',
  'login.passwordAccepted': 'Your password is correct. Now enter the code from one of your devices.',
  'token.signedInAs': 'You are signed in as {username}.',
  'token.intro': 'This page needs a second step: enter a code from one of your devices.',
  'token.noDevices':
    'This page needs two-factor authentication, but your account has no device set up for it yet. Ask an administrator to add one.',
  'logout.confirm': 'Do you want to sign out on this device?',

  'error.credentialsRequired': 'Enter your username and your password.',
  'error.badCredentials': 'The username or the password is not right. Check both (they are case-sensitive) and try again.',
  'error.pendingExpired': 'Your sign-in took too long and was cancelled. Enter your username and password again.',
  'error.tokenRequired': 'Enter the code from your device.',
  'error.invalidToken': 'That code was not accepted. Check it and try again.',
  'error.throttled': {
    one: 'Verification is paused after {count} failed attempt. You can try again {relative} ({time}).',
    other: 'Verification is paused after {count} failed attempts. You can try again {relative} ({time}).',
  },
  'error.notInteractive': 'This device does not send codes: enter the code it shows you instead.',
  'error.cooldown': 'A code was sent a moment ago. You can ask for a new one {relative} ({time}).',
  'error.challengeFailed': 'We could not send you a code just now. Wait a moment and try again.',
  'error.deviceUnusable': 'This device cannot be used at the moment. Choose another one, or ask an administrator for help.',
  'error.csrf': 'This form has expired or was sent from another site. Go back, reload the page and try again.',
  'error.badRequest': 'The form could not be read. Reload the page and try again.',
  'error.tooLarge': 'The form is too large.',
  'error.cookiesRequired': 'Signing in needs cookies, and this browser did not send ours back. Allow cookies for this site, reload the page and try again.',
  'error.staleSignedIn': 'This form was out of date: you are already signed in, perhaps in another tab or window. Nothing was sent again.',
  'error.staleStep': 'This form was out of date, perhaps because your sign-in moved on in another tab or window. Nothing was changed: go on from the current step.',
  'error.staleExpired': 'This form has expired, perhaps because you signed out or waited a long time. Nothing was changed: start again.',
  'error.stalePage': 'This form was out of date, perhaps because it was opened before your session changed in another tab or window. Nothing was changed: open the page again and retry.',
  'verification.expired.idle.minutes': {
    one: 'Your verification expired after {count} minute of inactivity. Enter a code again to continue.',
    other: 'Your verification expired after {count} minutes of inactivity. Enter a code again to continue.',
  },
  'verification.expired.idle.hours': {
    one: 'Your verification expired after {count} hour of inactivity. Enter a code again to continue.',
    other: 'Your verification expired after {count} hours of inactivity. Enter a code again to continue.',
  },
  'verification.expired.absolute.minutes': {
    one: 'Your verification expired: a code counts for {count} minute. Enter a code again to continue.',
    other: 'Your verification expired: a code counts for {count} minutes. Enter a code again to continue.',
  },
  'verification.expired.absolute.hours': {
    one: 'Your verification expired: a code counts for {count} hour. Enter a code again to continue.',
    other: 'Your verification expired: a code counts for {count} hours. Enter a code again to continue.',
  },

  // Where a code went (web/destination.ts): by channel, with the number or address masked by its kind.
  'delivery.sent.sms': 'We sent a text message with a code to {destination}.',
  'delivery.sent.call': 'We are calling {destination} now: a voice will read you a code.',
  'delivery.sent.email': 'We sent an e-mail with a code to {destination}.',
  'delivery.sent.other': 'We sent a code to {destination}.',
  'delivery.sent.generic': 'We sent you a code.',
  'delivery.resent.sms': 'We sent a new text message to {destination}. Only the newest code works.',
  'delivery.resent.call': 'We are calling {destination} again with a new code. Only the newest code works.',
  'delivery.resent.email': 'We sent a new e-mail to {destination}. Only the newest code works.',
  'delivery.resent.other': 'We sent a new code to {destination}. Only the newest code works.',
  'delivery.resent.generic': 'We sent you a new code. Only the newest code works.',
  'delivery.enter.sms': 'Enter the code from the text message we sent to {destination}.',
  'delivery.enter.call': 'Enter the code the voice read out when we called {destination}.',
  'delivery.enter.email': 'Enter the code from the e-mail we sent to {destination}.',
  'delivery.enter.other': 'Enter the code we sent to {destination}.',
  'delivery.enter.generic': 'Enter the code we sent you.',
  'delivery.ask.sms': 'Ask for a text message with a code to {destination}, then enter the code here.',
  'delivery.ask.call': 'Ask for a call to {destination}: a voice will read out a code to enter here.',
  'delivery.ask.email': 'Ask for an e-mail with a code to {destination}, then enter the code here.',
  'delivery.ask.other': 'Ask for a code to be sent to {destination}, then enter it here.',
} as const satisfies Record<string, MessageText>;

/**
 * Every message id twofold knows. The web layer declares its own here; each
 * flow adds its ids by declaration merging next to its catalog (see
 * `flows/login/messages.ts`), so that this layer never imports a flow and a
 * misspelt id still fails to compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface MessageTexts extends Readonly<Record<keyof typeof WEB_MESSAGES, MessageText>> {}

/** The id of a message. */
export type MessageId = Extract<keyof MessageTexts, string>;

/** A full catalog: a text for every id. */
export type MessageCatalog = Readonly<Record<MessageId, MessageText>>;

/** Values substituted into `{name}` placeholders. `count` also selects the plural form. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A form field a message is about, so that a page can link the message to the field. */
export type FieldName = 'username' | 'password' | 'device' | 'token';

/** A message ready to show: its id (for translation layers and tests) and its text. */
export interface Message {
  readonly id: MessageId;
  readonly text: string;
  /** The field the message is about, if any. */
  readonly field?: FieldName;
  /** For a message that holds until a known time ("try again in 30 seconds"): when, as its `{relative}` and `{time}` said it, so that pages count down. */
  readonly until?: { readonly at: Date; readonly relative: string; readonly time: string };
}

/** Formats messages, times and delays in one locale and time zone. */
export interface Translator {
  /** The BCP 47 locale, e.g. `en`. */
  readonly locale: string;
  /** The text of a message with its parameters filled in. */
  text(id: MessageId, params?: MessageParams): string;
  /** A {@link Message} (id, text and optional field). */
  message(id: MessageId, params?: MessageParams, field?: FieldName): Message;
  /** A wall-clock time with its zone, e.g. `14:03:07 UTC`. */
  time(at: Date): string;
  /** A delay from `now` to `at`, e.g. `in 8 seconds`, rounded up so that the user never retries too early. */
  relative(at: Date, now: number): string;
  /**
   * This translator for a reader of `language` (one of the `languages`
   * option's): the route table builds its pages once per language over
   * the translator this gives, so that no request pays for finding its
   * language. twofold's own translators have it. A translator of your own
   * without it is used as it is, inside `withLanguage` so that it can
   * read `currentLanguage()` (an `AsyncLocalStorage`, which makes every
   * promise of the process slower on Node 20).
   *
   * @example
   * const german = translator.inLanguage?.('de') ?? translator;
   */
  inLanguage?(language: string): Translator;
}

/** Options of {@link createTranslator}. */
export interface TranslatorOptions {
  /** BCP 47 locale (default `en`). */
  readonly locale?: string;
  /** IANA time zone for absolute times (default `UTC`). */
  readonly timeZone?: string;
  /** Messages replacing the English ones, by id. */
  readonly messages?: Partial<MessageCatalog>;
}

const UNITS: readonly { readonly unit: Intl.RelativeTimeFormatUnit; readonly seconds: number }[] = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
];

/**
 * Creates a {@link Translator} over a complete English catalog (the
 * assembly's `createTranslator` passes `ENGLISH_MESSAGES`). Throws a
 * RangeError for an unknown time zone or locale.
 */
export function createCatalogTranslator(english: MessageCatalog, options: TranslatorOptions = {}): Translator {
  const configured = options.locale ?? 'en';
  const timeZone = options.timeZone ?? 'UTC';
  const overrides: Partial<MessageCatalog> = options.messages ?? {};
  const catalog: MessageCatalog = { ...english, ...overrides };

  // Formatters per language: a translator bound to another language (`inLanguage`) gets its own.
  const formats = new Map<string, { plurals: Intl.PluralRules; clock: Intl.DateTimeFormat; relative: Intl.RelativeTimeFormat }>();
  function format(locale: string) {
    let entry = formats.get(locale);
    if (entry === undefined) {
      entry = {
        plurals: new Intl.PluralRules(locale),
        clock: new Intl.DateTimeFormat(locale, {
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
          timeZone,
          timeZoneName: 'short',
        }),
        relative: new Intl.RelativeTimeFormat(locale, { numeric: 'always' }),
      };
      formats.set(locale, entry);
    }
    return entry;
  }
  format(configured); // fail now, not on the first request, for a bad locale or time zone
  const source = { catalog, overrides, configured };

  // `reader` gives the language to translate into (a shipped translation, else undefined: the catalog).
  function build(reader: () => string | undefined): Translator {
    const locale = () => reader() ?? configured;
    const plurals = () => format(locale()).plurals;
    // The host's own wording wins in every language; otherwise the reader's language, then English.
    const text = (id: MessageId, params: MessageParams = {}): string => catalogText(source, reader(), id, params, plurals);
    return {
      get locale() {
        return locale();
      },
      text,
      message(id, params, field) {
        return field === undefined ? { id, text: text(id, params) } : { id, text: text(id, params), field };
      },
      time: (at) => format(locale()).clock.format(at),
      relative(at, now) {
        const { relative } = format(locale());
        const seconds = Math.max(1, Math.ceil((at.getTime() - now) / 1000));
        for (const { unit, seconds: size } of UNITS) {
          if (seconds >= size) return relative.format(Math.ceil(seconds / size), unit);
        }
        return relative.format(seconds, 'second');
      },
      inLanguage,
    };
  }

  const inLanguage = perTranslation((translation) => build(() => translation));

  // Unbound, it follows `withLanguage` (a host's opt-in; twofold's own pages use `inLanguage`).
  return build(translatedLanguage);
}
