/**
 * Typed events. Listeners run synchronously after the state change they
 * describe has been stored; a listener that throws is reported to the
 * logger and never changes the outcome of the operation that emitted.
 */
import type { Device, SendBudgetScope } from './types.js';

/** Why a verification attempt failed after the token was evaluated. */
export type FailureReason = 'invalid-token' | 'replayed-token' | 'expired-token';

/** The events of a twofold instance and their payloads. */
export interface TwofoldEvents {
  /** A token was accepted. */
  verified: { readonly device: Device; readonly at: Date };
  /** A token was evaluated and rejected; the failure was counted. */
  failed: {
    readonly device: Device;
    readonly reason: FailureReason;
    /**
     * Set when the code was refused because it was sent for another
     * transaction (see `ChallengeOptions.binding`); the caller only sees
     * `invalid-token`.
     */
    readonly detail?: 'bound-to-another-transaction';
    readonly failureCount: number;
    readonly lockedUntil: Date | null;
    readonly at: Date;
  };
  /** An attempt was refused without evaluating the token, because of back-off. */
  throttled: { readonly device: Device; readonly failureCount: number; readonly lockedUntil: Date; readonly at: Date };
  /** A challenge (code by e-mail, SMS, ...) was generated. */
  challengeSent: { readonly device: Device; readonly at: Date };
  /**
   * A challenge was refused because a sending budget is spent; nothing was
   * sent. `scope` says which budget (the one that stays spent longest) and
   * `retryAt` when sending is possible again. Worth alerting on for `global`.
   */
  sendBudgetExhausted: {
    readonly device: Device;
    readonly scope: SendBudgetScope;
    readonly retryAt: Date;
    readonly at: Date;
  };
  /** A device was created (confirmed or not). */
  deviceCreated: { readonly device: Device; readonly at: Date };
  /** A device was confirmed. */
  deviceConfirmed: { readonly device: Device; readonly at: Date };
  /** A device was deleted. */
  deviceRemoved: { readonly device: Device; readonly at: Date };
}

/** Name of one of the {@link TwofoldEvents}. */
export type TwofoldEventName = keyof TwofoldEvents;

/** A listener for event `E`. */
export type TwofoldListener<E extends TwofoldEventName> = (payload: TwofoldEvents[E]) => void;

/** Minimal emitter: `on` returns the function that removes the listener. */
export interface EventHub {
  on<E extends TwofoldEventName>(event: E, listener: TwofoldListener<E>): () => void;
  emit<E extends TwofoldEventName>(event: E, payload: TwofoldEvents[E]): void;
  /** Whether anyone listens to `event`: the hot paths build a payload (and its `Date`s) only then. */
  has(event: TwofoldEventName): boolean;
}

/** Creates an {@link EventHub} that reports listener errors through `onListenerError`. */
export function createEventHub(onListenerError: (event: string, error: unknown) => void): EventHub {
  const listeners = new Map<TwofoldEventName, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    has(event) {
      const set = listeners.get(event);
      return set !== undefined && set.size > 0;
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (set === undefined) return;
      for (const listener of [...set]) {
        try {
          (listener as (payload: TwofoldEvents[typeof event]) => void)(payload);
        } catch (error) {
          onListenerError(event, error);
        }
      }
    },
  };
}
