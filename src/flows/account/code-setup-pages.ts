/**
 * The setup wizard's steps for kinds that send codes: where the codes go
 * (a phone number, an address, as the kind declares), then the code sent
 * there, "Send a new code", and confirming the device with that code.
 */
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { MessageId } from '../../web/messages.js';
import { codeRecipient, type PageContext } from '../../web/pages/context.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import { codeSentMessage } from '../../web/destination.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { methodHint, methodLabel, readSetup, type ActiveCodeSetup } from './service.js';
import { keepStepNotices } from '../shared/step-notices.js';
import { codeSendError, confirmCodeSetup, destinationProblemMessage, resendSetupCode, startCodeSetup, type CodeSendFailure } from './code-setup.js';
import { destinationKindOf, destinationKinds, isSideChannelMethod, type DestinationKind, type SideChannelMethod } from './side-channel.js';
import { kindSentence, sentCodeHint, type KindSentence } from './device-names.js';
import type { KindDestinationTexts } from '../../core/presentation.js';
import type { AccountMessage, SetupMethodView } from './views.js';
import { accountUrls, type AccountPageHelpers } from './page-helpers.js';

/** The welcome step, which the code steps fall back to when no setup is going on. */
type WelcomePage<User extends HostUser> = (
  context: PageContext<User>,
  adding: boolean,
  next: string | null,
  status: number,
  errors: readonly AccountMessage[],
  selected: string | null,
) => Response;

/** The pages of a setup by a sent code, built on the account page helpers. */
export function createCodeSetupPages<User extends HostUser>(helpers: AccountPageHelpers<User>, welcomePage: WelcomePage<User>) {
  const { kit, config, twofold, t, account, views, message, base, page, withNext } = helpers;
  // "We sent a new code" left by the resend POST for the code step its redirect lands on.
  const resendNotesKey = `${config.keys.state}SetupNotes`;

  /** The methods of `served` that setup offers, in the host's order. */
  function offeredMethods(served: DestinationKind): SideChannelMethod[] {
    return account.methods.filter((method) => served.destination.methods.includes(method));
  }

  /**
   * The method a `?method=` link asks for on the destination step: a
   * side-channel method when offered (`sms`, `call`, `email`), or a kind's
   * name for its first offered method (`phone`); null for anything else.
   */
  function requestedChannel(value: string | null): SideChannelMethod | null {
    const named = destinationKinds(twofold).find(({ kind }) => kind.name === value);
    if (named !== undefined && !named.destination.methods.includes(named.kind.name)) return offeredMethods(named)[0] ?? null;
    return isSideChannelMethod(twofold, value) && account.methods.includes(value) ? value : null;
  }

  /** The served kind of an offered method (the callers checked it is one). */
  function servedBy(method: SideChannelMethod): DestinationKind {
    const served = destinationKindOf(twofold, method);
    if (served === null) throw new Error(`setup method ${method} is not served by a registered kind`);
    return served;
  }

  /** A sentence of the kind's destination steps, in the reader's language when the catalogs have it. */
  function words(served: DestinationKind, key: Exclude<keyof KindDestinationTexts, 'problems' | 'risk'> | 'risk'): string | null {
    const english = served.destination.texts[key];
    return english === undefined ? null : kindSentence(t, served.kind.name, key, english).text;
  }

  function codeSetupTitle(adding: boolean, served: DestinationKind): MessageId | { readonly text: string } {
    return adding ? { text: words(served, 'title') ?? '' } : 'account.setup.title';
  }

  function headingOf(title: MessageId | { readonly text: string }): string {
    return typeof title === 'string' ? t.text(title) : title.text;
  }

  /** Where "Use another number" (or address) leads: the destination step, carrying `next`. */
  function destinationUrl(context: PageContext<User>, method: SideChannelMethod, next: string | null): string {
    return withNext(`${accountUrls(context.basePath).setup}?method=${encodeURIComponent(method)}`, next);
  }

  function destinationPage(
    context: PageContext<User>,
    adding: boolean,
    next: string | null,
    status: number,
    errors: readonly AccountMessage[],
    selected: SideChannelMethod,
    value: string,
    sendAllowedAt: Date | null = null,
  ) {
    const served = servedBy(selected);
    const { destination } = served;
    const methods: SetupMethodView[] = offeredMethods(served).map((method) => ({
      kind: method,
      label: methodLabel(t, method),
      hint: methodHint(t, method),
      selected: method === selected,
    }));
    const title = codeSetupTitle(adding, served);
    const body = views.accountSetupDestination({
      ...base(context, next, errors),
      page: 'account-setup-destination',
      heading: headingOf(title),
      intro: words(served, 'intro') ?? '',
      risk: words(served, 'risk'),
      field: { name: destination.field, type: destination.inputType, maxLength: destination.maxLength, label: words(served, 'field') ?? '', hint: words(served, 'fieldHint') ?? '' },
      methods,
      value: value.slice(0, destination.maxLength),
      sendAllowedAt: sendAllowedAt === null ? null : { at: sendAllowedAt, relative: t.relative(sendAllowedAt, twofold.clock()), time: t.time(sendAllowedAt) },
    });
    return page(context, title, body, status);
  }

  function codePage(
    context: PageContext<User>,
    adding: boolean,
    active: ActiveCodeSetup,
    status: number,
    messages: { readonly errors?: readonly AccountMessage[]; readonly notices?: readonly AccountMessage[]; readonly name?: string; readonly nextCodeAt?: Date | null },
  ) {
    const now = twofold.clock();
    const method = active.setup.method;
    const served = servedBy(method);
    const nextCodeAt = messages.nextCodeAt === undefined ? active.device.nextChallengeAt : messages.nextCodeAt;
    const expires = new Date(active.expiresAt);
    const title = codeSetupTitle(adding, served);
    const body = views.accountSetupCode({
      ...base(context, active.setup.next, messages.errors ?? [], messages.notices ?? []),
      page: 'account-setup-code',
      heading: headingOf(title),
      adding,
      method,
      codeHint: sentCodeHint(t, method),
      changeText: words(served, 'change') ?? '',
      sentText: codeSentMessage(t, active.destination, active.device.name).text,
      name: (messages.name ?? active.device.name).slice(0, 64),
      nextCodeAt: nextCodeAt !== null && nextCodeAt.getTime() > now ? { at: nextCodeAt, relative: t.relative(nextCodeAt, now), time: t.time(nextCodeAt) } : null,
      expires: { at: expires, relative: t.relative(expires, now), time: t.time(expires) },
      changeUrl: destinationUrl(context, method, active.setup.next),
    });
    return page(context, title, body, status);
  }

  /** The message and status of a send that did not happen, with `Retry-After` when waiting helps. */
  function sendFailure(failure: CodeSendFailure): { readonly error: AccountMessage; readonly status: number; readonly retryAt: Date | null } {
    const now = twofold.clock();
    const explained = codeSendError(t, failure, now);
    const { retryAt } = explained;
    // Too soon, or a budget spent: the message counts down to when sending is allowed again.
    const until = retryAt === null ? undefined : { at: retryAt, relative: t.relative(retryAt, now), time: t.time(retryAt) };
    return { error: { ...message(explained.id, explained.params), ...(until === undefined ? {} : { until }) }, status: explained.status, retryAt };
  }

  /** The number or address step was posted: check it, create the device unconfirmed and send the first code. */
  async function sendSubmit(context: PageContext<User>, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response> {
    const method = form.get('method');
    if (!isSideChannelMethod(twofold, method) || !account.methods.includes(method)) {
      return welcomePage(context, adding, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
    }
    const served = servedBy(method);
    const value = formField(form, served.destination.field);
    const fieldError = (sentence: KindSentence): AccountMessage => ({ ...sentence, field: 'destination' });
    const outcome = await startCodeSetup(kit, context.session, user, { method, destination: value, next }, codeRecipient(context));
    if (outcome.ok) return redirectResponse(accountUrls(context.basePath).setup);
    switch (outcome.reason) {
      case 'invalid-destination':
        return destinationPage(context, adding, next, 400, [fieldError(destinationProblemMessage(t, twofold, method, outcome.problem))], method, value);
      case 'destination-taken': {
        const taken = kindSentence(t, served.kind.name, 'taken', served.destination.texts.taken);
        return destinationPage(context, adding, next, 409, [fieldError(taken)], method, value);
      }
      case 'send-failed': {
        const failed = sendFailure(outcome.failure);
        const page = destinationPage(context, adding, next, failed.status, [failed.error], method, value, failed.retryAt);
        return withRetryAfter(page, failed.retryAt, twofold.clock());
      }
    }
  }

  /** "Send a new code" on the code step: within the device's cooldown and the sending budgets. */
  async function resendSubmit(context: PageContext<User>, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response> {
    const lookup = await readSetup(kit, context.session, user.id);
    if (lookup.status !== 'code') {
      const error = lookup.status === 'expired' ? 'account.error.setupExpired' : 'account.error.setupMissing';
      return welcomePage(context, adding, next, 400, [message(error)], null);
    }
    const name = formField(form, 'name');
    const sent = await resendSetupCode(kit, user, lookup, codeRecipient(context));
    if (sent.ok) {
      const notice = codeSentMessage(t, sent.destination ?? lookup.destination, sent.device.name, { again: true });
      keepStepNotices(context.session, resendNotesKey, { notices: [notice], errors: [], device: null, at: twofold.clock() });
      return redirectResponse(withNext(accountUrls(context.basePath).setup, next));
    }
    const failed = sendFailure(sent);
    const nextCodeAt = sent.reason === 'cooldown' || sent.reason === 'budget-exhausted' ? sent.retryAt : null;
    return withRetryAfter(codePage(context, adding, lookup, failed.status, { errors: [failed.error], name, nextCodeAt }), failed.retryAt, twofold.clock());
  }

  /** The code step was posted with a code: confirm the device. */
  async function confirmCodeSubmit(
    context: PageContext<User>,
    request: Request,
    form: URLSearchParams,
    user: TwofoldUser,
    adding: boolean,
    active: ActiveCodeSetup,
  ): Promise<Response> {
    const urls = accountUrls(context.basePath);
    const name = formField(form, 'name');
    const outcome = await confirmCodeSetup(kit, context, request, user, active, { name, token: formField(form, 'token') });
    if (outcome.ok) {
      if (outcome.next !== null) return redirectResponse(outcome.next);
      return redirectResponse(`${urls.setupDone}?device=${encodeURIComponent(outcome.device.persistentId)}`);
    }
    const again = (status: number, error: AccountMessage) => codePage(context, adding, active, status, { errors: [error], name });
    switch (outcome.reason) {
      case 'invalid-name':
        return again(400, message(outcome.error, outcome.params, 'name'));
      case 'token-required':
        return again(400, message('account.error.codeRequired', {}, 'token'));
      case 'invalid-token':
        return again(401, message('account.error.codeInvalid', {}, 'token'));
      case 'throttled': {
        const now = twofold.clock();
        const until = outcome.lockedUntil ?? new Date(now + 1000);
        const params = { count: outcome.failures, relative: t.relative(until, now), time: t.time(until) };
        const throttled = { ...message('account.error.setupThrottled', params, 'token'), until: { at: until, relative: params.relative, time: params.time } };
        return withRetryAfter(again(429, throttled), until, now);
      }
      case 'setup-gone':
        return welcomePage(context, adding, active.setup.next, 400, [message('account.error.setupMissing')], null);
    }
  }

  return { resendNotesKey, offeredMethods, requestedChannel, servedBy, headingOf, destinationUrl, destinationPage, codePage, sendFailure, sendSubmit, resendSubmit, confirmCodeSubmit };
}
