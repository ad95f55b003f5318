/**
 * The account pages' events, on the web layer's event hub (`config.events`,
 * next to `userVerified`): each is emitted once the change is stored, so a
 * host can send "a device was added to your account" or "your backup codes
 * were regenerated" (checklist LN-3, BC-5) from one place:
 *
 * ```ts
 * otp.config.events.on('backupCodesGenerated', ({ user, request }) => mailer.send(user.id, ...));
 * ```
 *
 * Like the other web events, payloads carry a summary of the request (path,
 * user agent), never the request itself with its cookies.
 */
import type { Device } from '../../core/types.js';
import type { TwofoldUser } from '../../web/user.js';
import type { RequestSummary } from '../shared/events.js';

declare module '../shared/events.js' {
  /** The account events, merged into the web layer's events. */
  interface WebEvents {
    /** A device was set up and confirmed by the user (two-factor authentication turned on when `firstDevice`). */
    accountDeviceAdded: {
      readonly user: TwofoldUser;
      readonly device: Device;
      /** Whether it is the user's first device: two-factor authentication just got turned on. */
      readonly firstDevice: boolean;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user removed one of their devices. */
    accountDeviceRemoved: {
      readonly user: TwofoldUser;
      readonly device: Device;
      /** The device that is primary now (promoted when the removed one was), or null. */
      readonly primary: Device | null;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user renamed one of their devices. */
    accountDeviceRenamed: {
      readonly user: TwofoldUser;
      readonly device: Device;
      readonly previousName: string;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user chose another primary device. */
    accountPrimaryDeviceChanged: {
      readonly user: TwofoldUser;
      readonly device: Device;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** A new set of backup codes was generated; every older code stopped working. */
    backupCodesGenerated: {
      readonly user: TwofoldUser;
      /** The backup-codes device (its state holds only hashes). */
      readonly device: Device;
      /** How many codes the new set has. */
      readonly count: number;
      /** Whether an older set was replaced. */
      readonly replaced: boolean;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user turned two-factor authentication off. */
    twoFactorDisabled: {
      readonly user: TwofoldUser;
      /** How many devices (backup codes included) were removed. */
      readonly removedDevices: number;
      /** How many remembered browsers were forgotten. */
      readonly forgottenBrowsers: number;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user forgot one of their remembered browsers from the profile. */
    rememberedBrowserForgotten: {
      readonly user: TwofoldUser;
      readonly browserId: string;
      readonly at: Date;
      readonly request: RequestSummary;
    };
  }
}

/** The names of the account events. */
export type AccountEventName =
  | 'accountDeviceAdded'
  | 'accountDeviceRemoved'
  | 'accountDeviceRenamed'
  | 'accountPrimaryDeviceChanged'
  | 'backupCodesGenerated'
  | 'twoFactorDisabled'
  | 'rememberedBrowserForgotten';
