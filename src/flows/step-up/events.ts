/**
 * The step-up events, on the web layer's event hub (`otp.on(...)`, next to
 * `userVerified`), each naming the requirement: a guard asked for more
 * factors, the step-up page got them, or the user could not give them.
 *
 * ```ts
 * otp.on('stepUpRefused', ({ user, requirement, reason }) => audit.log(user.id, requirement, reason));
 * ```
 */
import type { Device } from '../../core/types.js';
import type { TwofoldUser } from '../../web/user.js';
import type { RequestSummary } from '../shared/events.js';

/** Why a step-up failed. */
export type StepUpRefusalReason =
  /** The user has no device that can meet the requirement (they must add one first). */
  | 'no-device'
  /** The requirement needs the password, which the step-up page cannot ask for (no `verifyPassword`, or a user without a username). */
  | 'password-required'
  /** The password entered on the step-up page was wrong. */
  | 'invalid-password'
  /** A code was missing, wrong, used or expired. */
  | 'invalid-token'
  /** The device is backing off after failed attempts, or too many passwords were tried. */
  | 'throttled'
  /** The device cannot be used (unusable data, or not one of the devices offered). */
  | 'device-unusable';

declare module '../shared/events.js' {
  /** The step-up events, merged into the web layer's events. */
  interface WebEvents {
    /** A guard found the session short of a requirement and asked for more (HTML: sent to the step-up page; JSON: 403). */
    stepUpRequested: {
      readonly user: TwofoldUser;
      readonly requirement: string;
      /** Whether the guard was the JSON one. */
      readonly api: boolean;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The step-up page recorded a factor and the requirement is met. */
    stepUpSatisfied: {
      readonly user: TwofoldUser;
      readonly requirement: string;
      /** The device just verified; null when the password completed it. */
      readonly device: Device | null;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The user locked: the session's elevation (password and codes) was dropped, the sign-in kept. */
    elevationLocked: {
      readonly user: TwofoldUser;
      /** How many factors were dropped. */
      readonly dropped: number;
      readonly at: Date;
      readonly request: RequestSummary;
    };
    /** The step-up page could not get the factors: a code was refused, or the user cannot meet the requirement. */
    stepUpRefused: {
      readonly user: TwofoldUser;
      readonly requirement: string;
      readonly reason: StepUpRefusalReason;
      /** The device tried, when there was one. */
      readonly device: Device | null;
      readonly at: Date;
      readonly request: RequestSummary;
    };
  }
}
