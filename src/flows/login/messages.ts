/**
 * The English sentences of the sign-in flows (login wizard, verify-only page,
 * backup-code step, remember this browser, JSON API), merged into
 * `ENGLISH_MESSAGES` so that a host rewords them, and a translation layer
 * translates them, by id. Whole sentences with named parameters; counts
 * have plural forms.
 */
import type { MessageText } from '../../web/messages.js';

/** A YubiKey kind's sign-in words (both YubiKey kinds say the same). */
function kindSignIn<Kind extends string>(kind: Kind) {
  return {
    [`login.kind.${kind}.title`]: 'Touch your YubiKey',
    [`login.kind.${kind}.prompt`]: 'Put {device} in a USB port (or hold it to your phone), click the field below and touch the key.',
    [`login.kind.${kind}.field`]: 'Password from the key',
    [`login.kind.${kind}.hint`]: 'The key types a one-time password and presses Enter by itself.',
  } as Record<`login.kind.${Kind}.${'title' | 'prompt' | 'field' | 'hint'}`, string>;
}

export const LOGIN_MESSAGES = {
  'login.token.instruction': 'Enter the code shown by {device}.',
  'login.token.instructionSent': 'Ask for a code to be sent to {device}, then enter it here.',
  'login.passwordAcceptedKey': 'Your password is correct. Now use your security key or passkey.',
  'login.kind.webauthn.setupTitle': 'Add a security key or passkey',
  'login.kind.webauthn.setupIntro': 'Give it a name, then choose the button: your browser asks you to touch your security key, or to use a passkey on this device or your phone.',
  'login.kind.webauthn.setupButton': 'Add security key or passkey',
  'login.kind.webauthn.signInIntro': 'Use the security key or passkey you added to your account.',
  'login.kind.webauthn.signInButton': 'Use security key or passkey',
  'login.kind.webauthn.waiting': 'Follow the instructions of your browser or security key.',
  'login.kind.webauthn.unsupported': 'This browser cannot use security keys or passkeys. Use one of the other ways below.',
  'login.kind.webauthn.noscript': 'A security key or passkey needs JavaScript, which is off in this browser. Turn it on, or use one of the other ways below.',
  'login.kind.webauthn.cancelled': 'The security key or passkey did not answer: it was cancelled, timed out, or is not one added to this account. Try again, or use another way.',
  'login.kind.webauthn.failed': 'That security key or passkey could not be checked. Try again, or use another way.',
  'login.kind.webauthn.taken': 'This security key or passkey is already added to an account.',
  'login.token.resend': 'Send a new code',
  // The words of kinds that are not a code read off a screen (their presentation's `signIn`), translated here.
  ...kindSignIn('yubikey'),
  ...kindSignIn('yubikey-remote'),
  'login.token.nextCodeAt': 'You can ask for a new code {relative} ({time}).',
  'login.remember.days': {
    one: 'Remember this browser for {count} day',
    other: 'Remember this browser for {count} days',
  },
  'login.remember.hours': {
    one: 'Remember this browser for {count} hour',
    other: 'Remember this browser for {count} hours',
  },
  'login.remember.minutes': {
    one: 'Remember this browser for {count} minute',
    other: 'Remember this browser for {count} minutes',
  },
  'login.remember.hint': 'Only on a device that you alone use. Signing in here will then ask for your password only. You can forget this browser later in your account settings.',
  'login.otherMethods.heading': 'Other ways to confirm it is you',
  'login.otherMethods.use': 'Use {device}',
  'login.otherMethods.send': 'Send a code to {device}',
  'login.otherMethods.backup': 'Use a backup code',

  'login.backup.title': 'Use a backup code',
  'login.backup.intro': 'Enter one of the backup codes you saved when you set up two-factor authentication. Each code works only once.',
  'login.backup.field': 'Backup code',
  'login.backup.hint': 'Letters and digits, as printed. Spaces and dashes do not matter.',
  'login.backup.back': 'Use one of your devices instead',
  'login.lostDevice.text': 'Lost your device? Use one of your backup codes. Without them, contact this site’s support to get back into your account.',
  'login.lostDevice.link': 'Get help signing in',
  'login.backupLeft.title': 'You are signed in',
  'login.backupLeft.count': {
    one: 'You signed in with a backup code. You have {count} backup code left.',
    other: 'You signed in with a backup code. You have {count} backup codes left.',
  },
  'login.backupLeft.warning': 'Make a new set now, before you run out: without a device or a backup code you cannot sign in.',
  'login.backupLeft.newCodes': 'Get new backup codes',
  'login.backupLeft.continue': 'Continue',

  'login.verify.noDevicesSetUp':
    'This page needs two-factor authentication, but your account has no device set up for it yet. Setting one up takes a minute.',
  'login.action.setUp': 'Set up two-factor authentication',
  'login.setupRequired': 'Your account must use two-factor authentication. Set it up to continue.',

  'login.error.deviceNotAvailable': 'That device cannot be used here. Choose one of your own devices.',
  'login.passkey.button': 'Sign in with a passkey',
  'login.passkey.noscript': 'Signing in with a passkey needs JavaScript, which is off in this browser. Sign in with your password instead.',
  'login.passkey.failed': 'That passkey could not sign you in. Try again, or sign in with your password.',
  'login.error.sendLimit': 'Too many codes were sent lately. You can ask for a new one {relative} ({time}).',
  'login.error.noLoginInProgress': 'No sign-in is in progress. Start with your username and password.',

  'api.error.unsupportedMediaType': 'Send the request body as JSON, with Content-Type: application/json.',
  'api.error.badRequest': 'The request body could not be read: it must be a JSON object with the documented fields.',
  'api.error.tooLarge': 'The request body is too large.',
  'api.error.csrf':
    'The request was refused: the X-CSRF-Token header is missing or out of date, or the request came from another site. Get a fresh token from the session endpoint.',
  'login.token.resendReady': 'You can ask for a new code now.',
  'login.otherMethods.pointer': 'Or use one of the other ways below.',
} as const satisfies Record<string, MessageText>;

// Makes the sign-in ids known to the web layer's `MessageId` (declaration merging; the web layer never imports a flow).
declare module '../../web/messages.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface MessageTexts extends Readonly<Record<keyof typeof LOGIN_MESSAGES, MessageText>> {}
}
