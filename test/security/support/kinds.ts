/**
 * Every device kind of the black-box security tests, registered the same way
 * in the test process and in its worker processes: the five built-in kinds
 * and the example custom kind (examples/custom-kind), with deliveries caught
 * in memory so a test can read the code a user would have received.
 */
import { createTwofold, type AnyDeviceKind, type Twofold } from '../../../src/core/index.js';
import type { Store } from '../../../src/core/types.js';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { backupCodes, issueBackupCodes, BACKUP_CODE_ALPHABET, BACKUP_CODE_LENGTH } from '../../../src/devices/backup-codes/index.js';
import { email } from '../../../src/devices/email/index.js';
import { phone } from '../../../src/devices/phone/index.js';
import { consoleCode } from '../../../examples/custom-kind/console-code.js';
import { generateHOTP, generateTOTP } from '../../../src/oath/index.js';
import type { Random } from '../../support/random.js';

/** The secret every security-test instance uses (tests only). */
export const SECURITY_SECRET = 'security-tests-secret-0123456789abcdefghij';

/** Every kind under test, by name. */
export const KIND_NAMES = ['totp', 'hotp', 'backup-codes', 'email', 'phone', 'console-code'] as const;

/** One of {@link KIND_NAMES}. */
export type KindName = (typeof KIND_NAMES)[number];

/** The last code delivered to each destination (e-mail address, phone number, console). */
export type Inbox = Map<string, string>;

/** The six kinds, delivering into `inbox`. Sending budgets are off: these tests are about verification. */
export function securityKinds(inbox: Inbox): AnyDeviceKind[] {
  const codeIn = (text: string): string => /\b(\d{6,10})\b/.exec(text)?.[1] ?? '';
  return [
    totp(),
    hotp(),
    backupCodes(),
    email({
      budgets: [],
      sender: {
        send(message) {
          inbox.set(message.to, codeIn(message.text));
          return Promise.resolve();
        },
      },
    }),
    phone({
      budgets: [],
      gateway: {
        sendSms(to, message) {
          inbox.set(to, codeIn(message));
          return Promise.resolve();
        },
      },
    }),
    consoleCode({
      deliver: ({ destination, code }) => {
        inbox.set(destination, code);
      },
    }),
  ] as AnyDeviceKind[];
}

/**
 * A twofold instance on `store` with every kind (real clock unless given;
 * `wrap` may put the kinds' verify behind a gate, see ./gate.ts).
 */
export function securityTwofold(
  store: Store,
  inbox: Inbox,
  clock?: () => number,
  wrap: (kinds: AnyDeviceKind[]) => AnyDeviceKind[] = (kinds) => kinds,
): Twofold {
  return createTwofold({
    store,
    kinds: wrap(securityKinds(inbox)),
    secrets: [SECURITY_SECRET],
    ...(clock === undefined ? {} : { clock }),
    logger: { warn: () => undefined, error: (message) => process.stderr.write(`${message}\n`) },
  });
}

/** A device ready for a burst: a code that works now, and the codes a wrong guess must avoid. */
export interface PreparedDevice {
  readonly userId: string;
  readonly persistentId: string;
  readonly kind: KindName;
  /** A code the device accepts now (exactly once). */
  readonly code: string;
  /** Every code that could be accepted during the test; wrong guesses avoid them. */
  readonly avoid: readonly string[];
}

/**
 * Creates a device of `kind` for `userId` and obtains a valid code the way
 * its user would: from the app (TOTP, HOTP), the issued list (backup codes)
 * or the delivered message (e-mail, phone, console).
 */
export async function prepareDevice(
  twofold: Twofold,
  inbox: Inbox,
  kind: KindName,
  userId: string,
  random: Random,
  options: { readonly backupCodes?: number } = {},
): Promise<PreparedDevice> {
  const tag = `${userId}-${random.int(1e9)}`;
  switch (kind) {
    case 'totp': {
      const key = random.bytes(20);
      const device = await twofold.createDevice({ userId, kind, options: { key } });
      const at = (offset: number) => generateTOTP(key, { time: (twofold.clock() + offset * 30_000) / 1000 });
      return { userId, persistentId: device.persistentId, kind, code: at(0), avoid: [-1, 0, 1, 2, 3].map(at) };
    }
    case 'hotp': {
      const key = random.bytes(20);
      const device = await twofold.createDevice({ userId, kind, options: { key } });
      const avoid = Array.from({ length: 60 }, (_, counter) => generateHOTP(key, counter));
      return { userId, persistentId: device.persistentId, kind, code: avoid[0] ?? '', avoid };
    }
    case 'backup-codes': {
      // Fewer codes than the default keep bursts fast: every guess is hashed against every code.
      const { device, codes } = await issueBackupCodes(twofold, userId, { count: options.backupCodes ?? 2 });
      // The last one: a match after a few scrypt evaluations, like a user's n-th code.
      return { userId, persistentId: device.persistentId, kind, code: codes.at(-1) ?? '', avoid: codes };
    }
    case 'email':
    case 'phone':
    case 'console-code': {
      const destination = kind === 'email' ? `${tag}@example.org` : kind === 'phone' ? `+3161${String(random.int(1e7)).padStart(7, '0')}` : tag;
      const options = kind === 'email' ? { address: destination } : kind === 'phone' ? { number: destination, method: 'sms' } : { destination };
      const device = await twofold.createDevice({ userId, kind, options });
      const sent = await twofold.generateChallenge(userId, device.persistentId);
      if (!sent.ok) throw new Error(`${kind}: no code sent (${sent.reason})`);
      const code = [...inbox.entries()].find(([to]) => to === destination || to.replace(/\D/g, '') === destination.replace(/\D/g, ''))?.[1];
      if (code === undefined || code === '') throw new Error(`${kind}: the code never arrived`);
      return { userId, persistentId: device.persistentId, kind, code, avoid: [code] };
    }
  }
}

/** `count` distinct wrong codes, well-formed for the device's kind, none of them in `avoid`. */
export function wrongCodes(device: PreparedDevice, count: number, random: Random): string[] {
  const avoid = new Set(device.avoid.map((code) => code.replace(/[^0-9a-z]/gi, '').toLowerCase()));
  const codes = new Set<string>();
  const draw = (): string =>
    device.kind === 'backup-codes'
      ? Array.from({ length: BACKUP_CODE_LENGTH }, () => BACKUP_CODE_ALPHABET.charAt(random.int(BACKUP_CODE_ALPHABET.length))).join('')
      : String(random.int(1e6)).padStart(6, '0');
  while (codes.size < count) {
    const code = draw();
    if (!avoid.has(code)) codes.add(code);
  }
  return [...codes];
}
