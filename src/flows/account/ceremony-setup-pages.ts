/**
 * The setup wizard's step for kinds set up by a browser ceremony (a security
 * key or passkey): a name, then one button that runs the kind's script, which
 * posts the browser's answer back; the kind checks it and creates the device.
 * Every POST redirects (Post/Redirect/Get): a cancelled ceremony comes back
 * to this step with what happened, success goes on to "done". Without
 * JavaScript the page says so in `<noscript>` and offers the other methods.
 */
import type { KindCeremonyTexts } from '../../core/presentation.js';
import { ceremonyKindOf, type CeremonyKind } from '../../devices/presentation.js';
import { ceremonyScriptUrl } from '../../web/ceremony-script.js';
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { Message } from '../../web/messages.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { keepStepNotices, takeStepNotices } from '../shared/step-notices.js';
import { ceremonyMessage } from '../login/ceremony-step.js';
import { registerByCeremony, startCeremonySetup } from './ceremony-setup.js';
import { accountUrls, type AccountPageHelpers } from './page-helpers.js';
import { defaultDeviceName } from './service.js';
import type { AccountMessage } from './views.js';

/** The ceremony step's pages, built on the account page helpers. */
export function createCeremonySetupPages<User extends HostUser>(helpers: AccountPageHelpers<User>) {
  const { kit, config, twofold, t, account, views, message, base, page } = helpers;
  // What a ceremony POST leaves for the step its redirect lands on.
  const notesKey = `${config.keys.state}CeremonyNotes`;

  /** The kind a `?method=` link or a posted `method` asks to set up by a ceremony, when setup offers it. */
  function offeredCeremonyKind(value: string | null): CeremonyKind | null {
    return value !== null && account.methods.includes(value) ? ceremonyKindOf(twofold, value) : null;
  }

  function said(served: CeremonyKind, key: keyof KindCeremonyTexts): string {
    return ceremonyMessage(t, served, key).text;
  }

  function stepUrl(context: PageContext<User>, served: CeremonyKind, next: string | null): string {
    const query = new URLSearchParams({ method: served.kind.name });
    if (next !== null) query.set(config.redirectField, next);
    return `${accountUrls(context.basePath).setup}?${query.toString()}`;
  }

  /** The step: options for the browser (a fresh challenge bound to this session), a name and the button. */
  async function ceremonyPage(
    context: PageContext<User>,
    user: TwofoldUser,
    adding: boolean,
    next: string | null,
    served: CeremonyKind,
    status: number,
    errors: readonly AccountMessage[],
    name: string | null,
  ): Promise<Response> {
    const note = takeStepNotices(context.session, notesKey, twofold.clock());
    const shown = [...(note?.errors ?? []).map((error: Message): AccountMessage => ({ id: error.id, text: error.text })), ...errors];
    const options = await startCeremonySetup(kit, context, user, served);
    const existing = (await twofold.listDevices(user.id)).map((device) => device.name);
    const title = adding ? { text: said(served, 'setupTitle') } : ('account.setup.title' as const);
    const body = views.accountSetupCeremony({
      ...base(context, next, shown),
      page: 'account-setup-ceremony',
      heading: adding ? said(served, 'setupTitle') : t.text('account.setup.title'),
      adding,
      method: served.kind.name,
      intro: said(served, 'setupIntro'),
      button: said(served, 'setupButton'),
      waiting: said(served, 'waiting'),
      unsupported: said(served, 'unsupported'),
      noscript: said(served, 'noscript'),
      otherMethodsUrl: account.methods.length > 1 ? accountUrls(context.basePath).setup : null,
      scriptUrl: ceremonyScriptUrl(context.basePath, served.ceremony.script()),
      options,
      name: (name ?? defaultDeviceName(t, served.kind, existing)).slice(0, 64),
    });
    return page(context, title, body, status);
  }

  /** The browser's answer (or why there is none) was posted with the name. */
  async function ceremonySubmit(context: PageContext<User>, request: Request, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response | null> {
    const served = offeredCeremonyKind(form.get('method'));
    if (served === null) return null;
    const name = formField(form, 'name');
    const response = formField(form, 'error') === '' ? formField(form, 'response') : '';
    const outcome = await registerByCeremony(kit, context, request, user, served, { name, response });
    if (outcome.ok) {
      if (next !== null) return redirectResponse(next);
      return redirectResponse(`${accountUrls(context.basePath).setupDone}?device=${encodeURIComponent(outcome.device.persistentId)}`);
    }
    if (outcome.reason === 'invalid-name') return ceremonyPage(context, user, adding, next, served, 400, [message(outcome.error, outcome.params, 'name')], name.slice(0, 64));
    // The browser said no, or its answer was refused: back to the step (a GET with a new challenge), which says what happened.
    const error = ceremonyMessage(t, served, outcome.reason);
    keepStepNotices(context.session, notesKey, { notices: [], errors: [{ id: error.id, text: error.text }], device: null, at: twofold.clock() });
    return redirectResponse(stepUrl(context, served, next));
  }

  return { offeredCeremonyKind, ceremonyPage, ceremonySubmit };
}
