/**
 * The English sentences of the step-up page, merged into `ENGLISH_MESSAGES`
 * so that a host rewords them, and a translation layer translates them, by
 * id (the shipped translations are in `web/i18n/locales`).
 */
import type { MessageText } from '../../web/messages.js';

export const STEP_UP_MESSAGES = {
  'stepUp.title': 'Confirm it is you',
  'stepUp.intro': 'This page needs a more recent confirmation that it is you. It asks only for what is missing.',
  'stepUp.missing.heading': 'What is needed',
  'stepUp.missing.device': 'A code from one of these devices: {devices}.',
  'stepUp.missing.deviceRecent': 'A code from one of these devices, entered in the last {duration}: {devices}.',
  'stepUp.missing.key': 'A security key or passkey: {devices}.',
  'stepUp.missing.keyRecent': 'A security key or passkey, used in the last {duration}: {devices}.',
  'stepUp.missing.password': 'Your password.',
  'stepUp.missing.passwordRecent': 'Your password, entered in the last {duration}.',
  'stepUp.minutes': { one: '{count} minute', other: '{count} minutes' },
  'stepUp.hours': { one: '{count} hour', other: '{count} hours' },
  'stepUp.resubmit': 'What you sent was not saved. Once you have confirmed it is you, you will be back on the page: submit the form again.',
  'stepUp.password': 'This page needs your password again. Sign out, then sign in again with your password.',
  'stepUp.action.signOut': 'Sign out',
  'stepUp.noDevice': 'None of your devices can confirm this, for example because it needs a security key. Add such a device to your account, then come back.',
  'stepUp.action.addDevice': 'Add a device',
  'stepUp.error.unknownRequirement': 'This confirmation link does not work. Go back to the page you came from and try again.',
  'stepUp.error.deviceNotOffered': 'That device cannot confirm this. Choose one of the devices listed.',
  'stepUp.error.badPassword': 'That password is not right. Check it (it is case-sensitive) and try again.',
  'stepUp.error.passwordThrottled': 'Too many passwords were tried. You can try again {relative} ({time}).',
  'stepUp.action.lock': 'Lock',
  'stepUp.lock.hint': 'Lock: pages that need a recent confirmation will ask for it again. You stay signed in.',
} as const satisfies Record<string, MessageText>;

// Makes the step-up ids known to the web layer's `MessageId` (declaration merging; the web layer never imports a flow).
declare module '../../web/messages.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface MessageTexts extends Readonly<Record<keyof typeof STEP_UP_MESSAGES, MessageText>> {}
}
