/**
 * Every sentence of the device admin, in one catalog keyed by a stable id,
 * apart from the sign-in pages' catalog (`../messages.ts`) so that the admin
 * can be reworded or translated on its own. Counts are pluralised with
 * `Intl.PluralRules`; times are formatted by the web layer's translator.
 */
import type { MessageText, Translator } from '../../web/messages.js';
import { catalogText, perTranslation, translatedLanguage } from '../../web/i18n/localize.js';

/** The English admin catalog; its keys are the message ids. */
export const ADMIN_ENGLISH_MESSAGES = {
  'admin.title': 'Two-factor devices',
  'admin.userTitle': 'Devices of {user}',
  'admin.deleteTitle': 'Delete a device',
  'admin.codesTitle': 'New backup codes',
  'admin.forbiddenTitle': 'Staff only',
  'admin.notFoundTitle': 'Not found',
  'admin.errorTitle': 'Something went wrong',

  'admin.nav.home': 'All devices',
  'admin.nav.signedInAs': 'Signed in as {username}',
  'admin.nav.signOut': 'Sign out',
  'admin.forbidden.switch': 'Sign out, to sign in with a staff account',

  'admin.search.label': 'User id contains',
  'admin.search.hint': 'Leave empty to list every user who has a device.',
  'admin.search.submit': 'Search',
  'admin.search.results': '{devices} of {users}',
  'admin.search.devices': { one: '{count} device', other: '{count} devices' },
  'admin.search.users': { one: '{count} user', other: '{count} users' },
  'admin.search.none': 'No device matches.',
  'admin.search.noneFor': 'No device belongs to a user whose id contains “{query}”.',
  'admin.search.truncated': 'Only the first {count} devices are shown: narrow the search.',
  'admin.search.usersWithoutDevices': 'Users without a device',

  'admin.column.user': 'User',
  'admin.column.device': 'Device',
  'admin.column.kind': 'Kind',
  'admin.column.status': 'Status',
  'admin.column.lastUsed': 'Last used',

  'admin.status.confirmed': 'Active',
  'admin.status.unconfirmed': 'Waiting for confirmation',
  'admin.status.locked': 'Paused until {time}',
  'admin.status.failures': { one: '{count} failed attempt', other: '{count} failed attempts' },
  'admin.never': 'never',

  'admin.create.heading': 'Add an authenticator',
  'admin.create.intro':
    'The new device stays inactive until a code from it is entered below its QR code, so a mistyped key cannot lock anyone out.',
  'admin.create.user': 'User id',
  'admin.create.kind': 'Kind',
  'admin.create.name': 'Device name',
  'admin.create.nameHint': 'Shown to the user when they choose a device, e.g. “Phone”.',
  'admin.create.submit': 'Add device',
  'admin.kind.totp': 'Authenticator app, time-based (TOTP)',
  'admin.kind.hotp': 'Counter-based token (HOTP)',
  'admin.kind.backup-codes': 'Backup codes',
  'admin.noDevices': 'This user has no two-factor device yet.',

  'admin.detail.user': 'User',
  'admin.detail.kind': 'Kind',
  'admin.detail.status': 'Status',
  'admin.detail.created': 'Created',
  'admin.detail.lastUsed': 'Last used',
  'admin.detail.failures': 'Failed attempts',
  'admin.detail.codesLeft': 'Codes left',
  'admin.detail.settings': 'Settings',
  'admin.detail.settingsTotp': '{digits} digits, a new code every {step} seconds, {algorithm}',
  'admin.detail.settingsHotp': '{digits} digits, next counter {counter}, {algorithm}',

  'admin.setup.heading': 'Set up the authenticator',
  'admin.setup.scan': 'Scan this QR code with the authenticator app, or type the key in by hand.',
  'admin.setup.qrAlt': 'QR code for setting up the device {name}',
  'admin.setup.key': 'Key',
  'admin.setup.keyHint': 'Spaces are only for reading; apps accept the key with or without them.',
  'admin.setup.unavailable': 'The key of this device cannot be shown (its kind has no provisioning URI, or the account name is not usable).',
  'admin.setup.confirmedWarning':
    'This device is already active: its key is shown only because this site enables showSecretsOfConfirmedDevices. Anyone who sees it can make codes.',
  'admin.setup.hidden': 'The key of an active device is never shown again. To move the user to a new phone, add a new device and delete this one.',
  'admin.confirm.heading': 'Confirm the device',
  'admin.confirm.intro': 'Enter the code the app now shows. The device becomes active once a code is accepted.',
  'admin.confirm.token': 'Code from the app',
  'admin.confirm.submit': 'Confirm',

  'admin.rename.heading': 'Rename',
  'admin.rename.label': 'New name',
  'admin.rename.submit': 'Rename',
  'admin.throttle.heading': 'Throttling',
  'admin.throttle.intro': 'Failed attempts make the device wait longer and longer between tries. Reset only once you know who made them.',
  'admin.throttle.submit': 'Reset throttling',
  'admin.throttle.none': 'No failed attempts since the last success.',

  'admin.codes.heading': 'Backup codes',
  'admin.codes.intro': 'Single-use codes for when the usual device is not at hand. They are stored hashed and shown once, when created.',
  'admin.codes.count': { one: '{count} code left.', other: '{count} codes left.' },
  'admin.codes.noneYet': 'No backup codes yet.',
  'admin.codes.add': 'Add one code',
  'admin.codes.regenerate': 'Replace all codes with a new set',
  'admin.codes.regenerateHint': 'Every earlier backup code of this user stops working.',
  'admin.codes.shownOnce':
    'Give these codes to {user} now, over a safe channel. They are not stored in readable form and will not be shown again. Each works once.',
  'admin.codes.added': 'One backup code was added for {user}. It is not stored in readable form and will not be shown again.',
  'admin.codes.back': 'Done, back to the user',
  'admin.codes.shownUntil': 'This page shows them, reloads included, until you press “Done” or until {time}.',
  'admin.codes.replaceTitle': 'Replace all backup codes of {user}?',
  'admin.codes.replaceWarning': {
    one: 'The {count} unused backup code of this user stops working at once, wherever it was saved or printed.',
    other: 'The {count} unused backup codes of this user stop working at once, wherever they were saved or printed.',
  },
  'admin.codes.replaceConfirm': 'Yes, replace them',
  'admin.codes.replaceCancel': 'No, keep them',
  'admin.notice.codesHandedOver': 'The new backup codes are no longer shown.',

  'admin.delete.link': 'Delete this device…',
  'admin.delete.question': 'Delete the device “{name}” of {user}?',
  'admin.delete.consequence':
    'Its codes stop working at once, everywhere. If it was the user’s only device, they can sign in with their password alone until a new one is added.',
  'admin.delete.submit': 'Delete',
  'admin.delete.cancel': 'Cancel',

  'admin.notice.created': 'Device “{name}” added for {user}. It becomes active once confirmed with a code.',
  'admin.notice.confirmed': 'Device “{name}” is confirmed and active. Its key will not be shown again.',
  'admin.notice.renamed': 'Device renamed to “{name}”.',
  'admin.notice.throttleReset': 'Throttling of “{name}” was reset.',
  'admin.notice.deleted': 'Device “{name}” of {user} was deleted.',

  'admin.error.heading': 'There is a problem',
  'admin.error.forbidden': 'This area is for staff only. You are signed in as {username}, which is not a staff account.',
  'admin.error.notFound': 'There is no such device or page. It may have been deleted.',
  'admin.error.secretHidden': 'The key of an active device is not shown.',
  'admin.error.csrf': 'This form has expired or was sent from another site. Go back, reload the page and try again.',
  'admin.error.badRequest': 'The form could not be read. Reload the page and try again.',
  'admin.error.tooLarge': 'The form is too large.',
  'admin.error.methodNotAllowed': 'This address does not accept that kind of request.',
  'admin.error.userRequired': 'Enter the id of the user.',
  'admin.error.unknownUser': 'There is no user with the id “{user}”.',
  'admin.error.badKind': 'Choose one of the kinds offered.',
  'admin.error.badName': 'A device name is 1 to 64 characters, without line breaks.',
  'admin.error.tokenRequired': 'Enter the code the app shows.',
  'admin.error.invalidToken': 'That code was not accepted. Check that the app shows this device, and that the phone’s clock is right.',
  'admin.error.throttled': {
    one: 'Verification is paused after {count} failed attempt. Try again {relative} ({time}), or reset throttling below.',
    other: 'Verification is paused after {count} failed attempts. Try again {relative} ({time}), or reset throttling below.',
  },
  'admin.error.alreadyConfirmed': 'This device is already confirmed.',
  'admin.error.deviceUnusable': 'This device cannot be read (corrupt data or a missing encryption key). Delete it and add a new one.',
  'admin.error.tooManyCodes': 'This user already has as many backup codes as allowed. Replace them with a new set instead.',
  'admin.error.noBackupCodes': 'Backup codes are not enabled on this site.',
  'admin.error.internal': 'The request failed. Nothing was shown that should stay secret; the server log has the details.',
} as const satisfies Record<string, MessageText>;

/** The id of an admin message. */
export type AdminMessageId = keyof typeof ADMIN_ENGLISH_MESSAGES;

/** A full admin catalog: a text for every id. */
export type AdminMessageCatalog = Readonly<Record<AdminMessageId, MessageText>>;

/** Values substituted into `{name}` placeholders; `count` also selects the plural form. */
export type AdminMessageParams = Readonly<Record<string, string | number>>;

/** Texts of the admin, plus the web layer's time formatting. */
export interface AdminTranslator {
  readonly locale: string;
  /** The text of a message with its parameters filled in. */
  text(id: AdminMessageId, params?: AdminMessageParams): string;
  /** A date and time to the second, with its zone, e.g. "Jan 5, 2026, 14:03:07 UTC". */
  dateTime(at: Date): string;
  /** A wall-clock time with its zone (from the web layer's translator). */
  time(at: Date): string;
  /** A delay from `now`, e.g. `in 8 seconds` (from the web layer's translator). */
  relative(at: Date, now: number): string;
  /** The shipped translation it writes in (`nl`, `de`, ...), or undefined when it writes its catalog (English, or the host's messages). */
  readonly translation: string | undefined;
  /** This translator for a reader of `language` (the admin builds its pages once per language over it). */
  inLanguage(language: string): AdminTranslator;
}

/**
 * Creates the admin's translator on top of the web layer's (which fixes the
 * locale and time zone). `messages` replace English texts by id.
 */
export function createAdminTranslator(
  base: Translator,
  options: { readonly timeZone?: string; readonly messages?: Partial<AdminMessageCatalog> } = {},
): AdminTranslator {
  const overrides: Partial<AdminMessageCatalog> = options.messages ?? {};
  const catalog: AdminMessageCatalog = { ...ADMIN_ENGLISH_MESSAGES, ...overrides };
  const configured = base.locale;
  const formats = new Map<string, { plurals: Intl.PluralRules; dates: Intl.DateTimeFormat }>();
  function format(locale: string) {
    let entry = formats.get(locale);
    if (entry === undefined) {
      entry = {
        plurals: new Intl.PluralRules(locale),
        dates: new Intl.DateTimeFormat(locale, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
          timeZone: options.timeZone ?? 'UTC',
          timeZoneName: 'short',
        }),
      };
      formats.set(locale, entry);
    }
    return entry;
  }
  format(configured);
  const source = { catalog, overrides, configured };

  // `web` is the web layer's translator in the same language; `reader` gives the shipped translation to use, if any.
  function build(web: Translator, reader: () => string | undefined): AdminTranslator {
    const plurals = () => format(web.locale).plurals;
    return {
      get locale() {
        return web.locale;
      },
      get translation() {
        return reader();
      },
      text: (id, params = {}) => catalogText(source, reader(), id, params, plurals),
      dateTime: (at) => format(web.locale).dates.format(at),
      time: (at) => web.time(at),
      relative: (at, now) => web.relative(at, now),
      inLanguage,
    };
  }

  const inLanguage = perTranslation((translation, language) => build(base.inLanguage?.(language) ?? base, () => translation));

  // Unbound, it follows the host's `withLanguage` scope, as the web layer's translator does.
  return build(base, translatedLanguage);
}
