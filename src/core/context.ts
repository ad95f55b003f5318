/**
 * What the parts of a twofold instance share, and the checks that build it
 * from {@link TwofoldOptions}: the registered kinds, the store, the secret
 * box, the sending budgets, the event hub, the logger and the clock.
 */
import type { AnyDeviceKind, TwofoldLogger, TwofoldOptions } from './api.js';
import { describeError, isObject } from './arguments.js';
import { checkSendBudgetRules, createBudgetKeys, type BudgetKeyFunction } from './budgets.js';
import { createBindingHasher, type BindingHasher } from './binding.js';
import { systemClock, type Clock } from './clock.js';
import { TwofoldError } from './errors.js';
import { createEventHub, type EventHub } from './events.js';
import { isValidKindName } from './persistent-id.js';
import { DEVELOPMENT_SECRET, createSecretBox, type SecretBox } from './secrets.js';
import type { Device, DeviceRecord, SendBudgetRule, Store } from './types.js';

/** A stored record as read, and when (see {@link CoreContext.readRecords}). */
export interface ReadRecord {
  readonly record: DeviceRecord;
  readonly at: number;
}

/** The configured internals of one instance, passed to the functions that implement it. */
export interface CoreContext {
  readonly options: TwofoldOptions;
  readonly store: Store;
  readonly kinds: ReadonlyMap<string, AnyDeviceKind>;
  /** Sending budgets per kind name (kinds without any are absent). */
  readonly budgets: ReadonlyMap<string, readonly SendBudgetRule[]>;
  readonly budgetKey: BudgetKeyFunction;
  /** Keyed hash of a challenge binding (see binding.ts). */
  readonly bindingHash: BindingHasher;
  readonly box: SecretBox;
  readonly hub: EventHub;
  readonly logger: TwofoldLogger;
  /**
   * The record each snapshot this instance handed out was made from, and
   * when it was read, so that a verification given the snapshot back
   * (`VerifyOptions.known`) need not read the device again.
   */
  readonly readRecords: WeakMap<Device, ReadRecord>;
  /** Whether `environment` (else `NODE_ENV` at creation) is `production`. */
  readonly production: boolean;
  /** The injected clock's time, checked to be a finite number. */
  now(): number;
}

function checkKinds(kindList: unknown): Map<string, AnyDeviceKind> {
  if (!Array.isArray(kindList) || kindList.length === 0) {
    throw new TwofoldError('INVALID_CONFIG', 'options.kinds must list at least one device kind');
  }
  const kinds = new Map<string, AnyDeviceKind>();
  for (const kind of kindList as AnyDeviceKind[]) {
    if (!isValidKindName(kind.name)) {
      throw new TwofoldError('INVALID_CONFIG', `invalid kind name ${JSON.stringify(kind.name)}: use lower-case letters, digits and dashes`);
    }
    if (kinds.has(kind.name)) throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name} is registered twice`);
    if (!(kind.throttleFactor >= 0) || !Number.isFinite(kind.throttleFactor)) {
      throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name}: throttleFactor must be a finite number >= 0`);
    }
    kinds.set(kind.name, kind);
  }
  return kinds;
}

// Checked at start-up, so that a typo fails then rather than at the first SMS.
function checkBudgets(kinds: ReadonlyMap<string, AnyDeviceKind>, store: Store): Map<string, readonly SendBudgetRule[]> {
  const budgets = new Map<string, readonly SendBudgetRule[]>();
  for (const kind of kinds.values()) {
    if (kind.sendBudgets === undefined) continue;
    const rules = checkSendBudgetRules(kind.sendBudgets, `kind ${kind.name}: sendBudgets`);
    if (rules.length === 0) continue;
    if (typeof (store as Partial<Store>).recordSend !== 'function') {
      throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name} has sending budgets, but the store does not implement recordSend`);
    }
    budgets.set(kind.name, rules);
  }
  return budgets;
}

/** The one place that reads `NODE_ENV`: the web layer and everything else ask the instance (`settings.production`). */
function isProduction(options: TwofoldOptions): boolean {
  return (options.environment ?? process.env.NODE_ENV) === 'production';
}

function openSecretBox(options: TwofoldOptions, production: boolean, logger: TwofoldLogger): SecretBox {
  if (options.secrets === undefined || options.secrets.length === 0) {
    if (production) {
      throw new TwofoldError(
        'INVALID_CONFIG',
        'no encryption secrets configured: in production, pass secrets: secretsFromEnvironment() (reads TWOFOLD_SECRETS; create a secret with `npx twofold genkey`)',
      );
    }
    logger.warn('twofold: no secrets configured; device keys are sealed with the public development key. Never do this in production.');
    return createSecretBox([DEVELOPMENT_SECRET]);
  }
  if (production && options.secrets.includes(DEVELOPMENT_SECRET)) {
    throw new TwofoldError('INVALID_CONFIG', 'the public development secret must not be used in production');
  }
  return createSecretBox(options.secrets);
}

/** Checks the options of `createTwofold` and builds the context, or throws `INVALID_CONFIG`. */
export function createCoreContext(options: TwofoldOptions): CoreContext {
  if (!isObject(options)) {
    throw new TwofoldError('INVALID_CONFIG', 'createTwofold needs an options object');
  }
  const { store } = options;
  if (typeof store !== 'object' || typeof store.updateDevice !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', 'options.store must be a twofold Store');
  }
  const logger: TwofoldLogger = options.logger ?? console;
  const clock: Clock = options.clock ?? systemClock;
  if (typeof clock !== 'function') throw new TwofoldError('INVALID_CONFIG', 'options.clock must be a function returning milliseconds');
  const kinds = checkKinds(options.kinds);
  const budgets = checkBudgets(kinds, store);
  const production = isProduction(options);
  const box = openSecretBox(options, production, logger);
  const hub = createEventHub((event, error) => {
    logger.error(`twofold: a listener for "${event}" threw: ${describeError(error)}`);
  });
  return {
    options,
    store,
    kinds,
    budgets,
    budgetKey: createBudgetKeys(options.secrets?.[0] ?? DEVELOPMENT_SECRET),
    bindingHash: createBindingHasher(options.secrets?.[0] ?? DEVELOPMENT_SECRET),
    box,
    hub,
    logger,
    readRecords: new WeakMap(),
    production,
    now() {
      const value = clock();
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TwofoldError('INVALID_CONFIG', 'the clock must return a finite number of milliseconds');
      }
      return value;
    },
  };
}
