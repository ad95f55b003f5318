/**
 * The development outbox (`/outbox`): the text messages, voice calls and
 * e-mails the demo's development gateway "sent", newest first, with their
 * codes. It is how a newcomer tries codes by text message and e-mail without
 * an account at Twilio or a mail server.
 *
 * Nobody has to be signed in to read it: the person signing in needs the
 * code *before* they are signed in. That is tolerable only because the demo
 * listens on 127.0.0.1, the messages live in memory, and the page does not
 * exist in production mode (where the development gateway refuses to start).
 * A real site never has such a page.
 *
 * Every value is escaped by the `html` template: message bodies are built
 * from templates the host controls, but addresses and numbers are typed by
 * users, and the e-mail's HTML part is never rendered (only its text part is
 * shown).
 */
import { formatPhoneNumber } from '../../src/devices/phone/index.js';
import type { DevelopmentMessage } from '../../src/gateways/development/index.js';
import { html, type SafeHtml } from '../../src/web/html.js';
import { DEMO_URLS, demoPage, timeText } from './pages.js';

/** Styles of the outbox page and of the notes pointing to it (served in `/demo.css`). */
export const OUTBOX_CSS = `.demo-dev-banner { background: #fff8c5; border-left: 4px solid #9a6700; border-radius: 0.4rem; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.tf-card .demo-dev-banner p:last-child { margin-bottom: 0; }
.demo-dev-note { margin: 1.5rem 0 0; padding: 0.75rem 1rem; border: 1px dashed #9a6700; border-radius: 0.4rem; }
.tf-card .demo-dev-note p { margin: 0; }
.tf-card:has(.demo-outbox) { max-width: 40rem; }
.demo-outbox { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: 1rem; }
.demo-message { border: 1px solid var(--tf-border); border-radius: 0.4rem; padding: 0.75rem 1rem; }
.tf-card .demo-message h2 { font-size: 1rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
.tf-card .demo-message-meta { color: var(--tf-muted); font-size: 0.9rem; margin: 0 0 0.5rem; }
.demo-message-body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 0.5rem 0.75rem; background: var(--tf-bg); border-radius: 0.3rem; font-size: 0.95rem; }
.tf-card .demo-message-body + .demo-message-meta { margin: 0.5rem 0 0; }
.demo-expired { color: var(--tf-error); font-weight: 600; }
@media (prefers-color-scheme: dark) { .demo-dev-banner { background: #3b2e00; border-left-color: #e3b341; } .demo-dev-note { border-color: #e3b341; } }
`;

const CHANNEL_NAMES: Readonly<Record<DevelopmentMessage['channel'], string>> = {
  sms: 'Text message',
  call: 'Voice call',
  email: 'E-mail',
};

const BODY_LABELS: Readonly<Record<DevelopmentMessage['channel'], string>> = {
  sms: 'The text message:',
  call: 'What the voice would read:',
  email: 'The e-mail’s text part:',
};

/** What the outbox page shows. */
export interface OutboxModel {
  /** The gateway's messages, newest first. */
  readonly messages: readonly DevelopmentMessage[];
  /** How many messages the gateway keeps. */
  readonly capacity: number;
  /** Now, on the demo's clock: marks the codes that no longer work. */
  readonly now: number;
}

function destinationOf(message: DevelopmentMessage): string {
  // Phone numbers are stored in E.164; spaced out they are easier to compare with what was typed.
  return message.channel === 'email' ? message.to : formatPhoneNumber(message.to);
}

function messageItem(message: DevelopmentMessage, now: number): SafeHtml {
  const expires = message.expiresAt.getTime();
  const validity =
    expires <= now
      ? html`<span class="demo-expired">expired</span> at ${timeText(expires)}`
      : html`expires at ${timeText(expires)}`;
  const mail =
    message.channel === 'email'
      ? html`<p class="demo-message-meta">Subject: ${message.subject ?? ''}${message.from === undefined ? null : html` · From: ${message.from}`}</p>\n`
      : null;
  return html`<li class="demo-message">
<h2>${CHANNEL_NAMES[message.channel]} to <span class="demo-destination">${destinationOf(message)}</span></h2>
<p class="demo-message-meta"><time datetime="${message.at.toISOString()}">${timeText(message.at.getTime())}</time> · for the user ${message.userId} · ${validity}</p>
${mail}<p class="demo-message-meta">${BODY_LABELS[message.channel]}</p>
<pre class="demo-message-body">${message.text}</pre>
${message.html === undefined ? null : html`<p class="demo-message-meta">It also has an HTML part, not shown here.</p>\n`}</li>
`;
}

/** The outbox page: a development-only banner, then the messages, newest first. */
export function outboxPage(model: OutboxModel): Response {
  const count = model.messages.length;
  const list =
    count === 0
      ? html`<p>No messages yet. Set up codes by text message, voice call or e-mail on your profile, or sign in as a user who has them: every code the demo sends appears here.</p>\n`
      : html`<p>${count === 1 ? 'One message' : `${String(count)} messages`}, newest first (the demo keeps the latest ${String(model.capacity)} until it stops).</p>
<ol class="demo-outbox" aria-label="Messages, newest first">
${model.messages.map((message) => messageItem(message, model.now))}</ol>
`;
  return demoPage(
    'Outbox (development only)',
    html`<h1>Outbox</h1>
<div class="demo-dev-banner" role="note">
<p><strong>Development only.</strong> Nothing here was sent. The demo’s development gateway keeps the text messages, voice calls and e-mails it would have sent, codes included, and shows them to anyone who opens this page: no sign-in, because you need the code before you are signed in.</p>
<p>A real site sends them through Twilio or a mail server and has no such page. In production mode (<code>NODE_ENV=production</code>) the demo has neither.</p>
</div>
${list}<p><a href="${DEMO_URLS.outbox}">Reload</a> · <a href="${DEMO_URLS.home}">Home</a></p>
`,
  );
}

/**
 * A note under twofold's pages that wait for a sent code (the sign-in token
 * step, "confirm it is you", the setup's code step): where the code went in
 * this demo. It opens in a new tab so that the form being filled in stays.
 */
export function outboxNote(): SafeHtml {
  return html`<aside class="demo-dev-note" aria-label="This demo">
<p><strong>Demo:</strong> no message leaves your computer. Read the code on the <a href="${DEMO_URLS.outbox}" target="_blank" rel="noopener">outbox page</a> (opens in a new tab).</p>
</aside>
`;
}
