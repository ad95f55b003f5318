/**
 * Time in twofold comes from one injectable function, so that every rule
 * (back-off, cooldowns, TOTP steps) can be tested at exact instants.
 */

/** Returns the current time in milliseconds since the Unix epoch. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** A clock for tests and simulations that only moves when told to. */
export interface ManualClock {
  /** The clock function to pass as `createTwofold({ clock })`. */
  readonly now: Clock;
  /** Sets the time (a Date, or milliseconds since the epoch). */
  set(time: Date | number): void;
  /** Moves the time forward (or back, with a negative value) by `seconds`. */
  advance(seconds: number): void;
}

/** Creates a {@link ManualClock} starting at `start` (default: the real time now). */
export function manualClock(start: Date | number = Date.now()): ManualClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => current,
    set(time) {
      current = typeof time === 'number' ? time : time.getTime();
    },
    advance(seconds) {
      current += seconds * 1000;
    },
  };
}
