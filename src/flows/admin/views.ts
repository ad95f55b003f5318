/**
 * The markup of the device admin, as plain functions of a model, built with
 * the web layer's auto-escaping `html` template: user ids, device names and
 * search terms are attacker-influenced and never reach the page unescaped.
 *
 * Nothing needs JavaScript (the pages run under a CSP without scripts); every
 * change is a POST form carrying the CSRF token; every input has a label.
 */
import { html, type SafeHtml } from '../../web/html.js';
import type {
  AdminErrorPageModel,
  AdminPageModel,
  CodesPageModel,
  CreateFormValues,
  DeletePageModel,
  DevicePageModel,
  DeviceRow,
  IndexPageModel,
  KindChoice,
  ReplaceCodesPageModel,
  UserPageModel,
} from './view-models.js';

export type * from './view-models.js';

/** The header of every admin page: where you are, who you are. */
export function adminHeader(model: AdminPageModel): SafeHtml {
  return html`<nav class="tf-admin-nav" aria-label="Admin">
<a href="${model.urls.home}">${model.t('admin.nav.home')}</a>
<span class="tf-admin-who">${model.t('admin.nav.signedInAs', { username: model.staffName })}${
    model.urls.logout === null ? null : html` · <a href="${model.urls.logout}">${model.t('admin.nav.signOut')}</a>`
  }</span>
</nav>
`;
}

/** Errors (a `role="alert"` summary) and notices. */
export function adminMessages(model: Pick<AdminPageModel, 't' | 'errors' | 'notices'>): SafeHtml {
  const errors =
    model.errors.length === 0
      ? null
      : html`<div class="tf-alert tf-alert-error" role="alert">
<h2>${model.t('admin.error.heading')}</h2>
<ul>${model.errors.map((text) => html`<li>${text}</li>`)}</ul>
</div>
`;
  return html`${errors}${model.notices.map((text) => html`<div class="tf-alert tf-alert-notice" role="status"><p>${text}</p></div>\n`)}`;
}

function csrf(model: AdminPageModel): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">`;
}

function status(model: AdminPageModel, device: DeviceRow): SafeHtml {
  const main = device.confirmed
    ? html`<span class="tf-badge tf-badge-ok">${model.t('admin.status.confirmed')}</span>`
    : html`<span class="tf-badge tf-badge-wait">${model.t('admin.status.unconfirmed')}</span>`;
  const locked =
    device.lockedUntil === null
      ? null
      : html` <span class="tf-badge tf-badge-error">${model.t('admin.status.locked', { time: model.dateTime(device.lockedUntil) })}</span>`;
  const failures =
    device.failureCount === 0 || device.lockedUntil !== null
      ? null
      : html` <span class="tf-badge">${model.t('admin.status.failures', { count: device.failureCount })}</span>`;
  return html`${main}${locked}${failures}`;
}

function deviceTable(model: AdminPageModel, devices: readonly DeviceRow[], showUser: boolean): SafeHtml {
  // data-label names each cell's column where a phone shows rows as stacked cards (see css.ts).
  const column = {
    user: model.t('admin.column.user'),
    device: model.t('admin.column.device'),
    kind: model.t('admin.column.kind'),
    status: model.t('admin.column.status'),
    lastUsed: model.t('admin.column.lastUsed'),
  };
  return html`<div class="tf-table-wrap">
<table class="tf-table tf-table-stack">
<thead><tr>${showUser ? html`<th scope="col">${column.user}</th>` : null}<th scope="col">${column.device}</th><th scope="col">${column.kind}</th><th scope="col">${column.status}</th><th scope="col">${column.lastUsed}</th></tr></thead>
<tbody>
${devices.map(
  (device) => html`<tr>${
    showUser ? html`<td data-label="${column.user}"><a href="${model.urls.user(device.userId)}">${device.userId}</a></td>` : null
  }<td data-label="${column.device}"><a href="${model.urls.device(device.persistentId)}">${device.name}</a></td><td data-label="${column.kind}">${device.kindLabel}</td><td data-label="${column.status}">${status(model, device)}</td><td data-label="${column.lastUsed}">${
    device.lastUsedAt === null ? model.t('admin.never') : html`<time datetime="${device.lastUsedAt.toISOString()}">${model.dateTime(device.lastUsedAt)}</time>`
  }</td></tr>
`,
)}</tbody>
</table>
</div>
`;
}

function createForm(model: AdminPageModel, kinds: readonly KindChoice[], values: CreateFormValues, fixedUser: string | null): SafeHtml | null {
  if (kinds.length === 0) return null;
  return html`<section class="tf-admin-section" aria-labelledby="tf-create-heading">
<h2 id="tf-create-heading">${model.t('admin.create.heading')}</h2>
<p class="tf-hint">${model.t('admin.create.intro')}</p>
<form method="post" action="${model.urls.createDevice}" class="tf-admin-form">
${csrf(model)}
${
  fixedUser === null
    ? html`<div class="tf-field">
<label for="tf-create-user">${model.t('admin.create.user')}</label>
<input id="tf-create-user" name="user" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="255" value="${values.userId}" required>
</div>`
    : html`<input type="hidden" name="user" value="${fixedUser}">`
}
<div class="tf-field">
<label for="tf-create-kind">${model.t('admin.create.kind')}</label>
<select id="tf-create-kind" name="kind">
${kinds.map((kind) => html`<option value="${kind.name}"${kind.name === values.kind ? html` selected` : null}>${kind.label}</option>\n`)}</select>
</div>
<div class="tf-field">
<label for="tf-create-name">${model.t('admin.create.name')}</label>
<span class="tf-hint" id="tf-create-name-hint">${model.t('admin.create.nameHint')}</span>
<input id="tf-create-name" name="name" type="text" autocomplete="off" maxlength="64" value="${values.name}" aria-describedby="tf-create-name-hint">
</div>
<div class="tf-actions"><button class="tf-button" type="submit">${model.t('admin.create.submit')}</button></div>
</form>
</section>
`;
}

/** The device list and search. */
export function indexView(model: IndexPageModel): SafeHtml {
  let summary: SafeHtml;
  if (model.devices.length === 0) {
    summary = html`<p>${model.query === '' ? model.t('admin.search.none') : model.t('admin.search.noneFor', { query: model.query })}</p>`;
  } else {
    const devices = model.t('admin.search.devices', { count: model.devices.length });
    const users = model.t('admin.search.users', { count: model.userCount });
    summary = html`<p>${model.t('admin.search.results', { devices, users })}</p>`;
  }
  return html`${adminHeader(model)}<h1>${model.t('admin.title')}</h1>
${adminMessages(model)}<form method="get" action="${model.urls.home}" class="tf-admin-search" role="search">
<div class="tf-field">
<label for="tf-search">${model.t('admin.search.label')}</label>
<span class="tf-hint" id="tf-search-hint">${model.t('admin.search.hint')}</span>
<div class="tf-search-row">
<input id="tf-search" name="q" type="search" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="255" value="${model.query}" aria-describedby="tf-search-hint">
<button class="tf-button" type="submit">${model.t('admin.search.submit')}</button>
</div>
</div>
</form>
${summary}
${model.truncated ? html`<p class="tf-alert tf-alert-notice">${model.t('admin.search.truncated', { count: model.scanLimit })}</p>\n` : null}${
    model.devices.length === 0 ? null : deviceTable(model, model.devices, true)
  }${
    model.usersWithoutDevices.length === 0
      ? null
      : html`<h2>${model.t('admin.search.usersWithoutDevices')}</h2>
<ul class="tf-user-list">${model.usersWithoutDevices.map((userId) => html`<li><a href="${model.urls.user(userId)}">${userId}</a></li>`)}</ul>
`
  }${createForm(model, model.kinds, model.createForm, null)}`;
}

function backupCodesSection(model: AdminPageModel, userId: string, remaining: number | null): SafeHtml {
  return html`<section class="tf-admin-section" aria-labelledby="tf-codes-heading">
<h2 id="tf-codes-heading">${model.t('admin.codes.heading')}</h2>
<p class="tf-hint">${model.t('admin.codes.intro')}</p>
<p>${remaining === null ? model.t('admin.codes.noneYet') : model.t('admin.codes.count', { count: remaining })}</p>
<form method="post" action="${model.urls.backupCodes}">
${csrf(model)}
<input type="hidden" name="user" value="${userId}">
<div class="tf-actions">
<button class="tf-button tf-button-secondary" type="submit" name="action" value="add">${model.t('admin.codes.add')}</button>
<button class="tf-button tf-button-secondary" type="submit" name="action" value="regenerate" aria-describedby="tf-regenerate-hint">${model.t('admin.codes.regenerate')}</button>
</div>
<p class="tf-hint" id="tf-regenerate-hint">${model.t('admin.codes.regenerateHint')}</p>
</form>
</section>
`;
}

/** One user's devices, with the forms to add one and to issue backup codes. */
export function userView(model: UserPageModel): SafeHtml {
  return html`${adminHeader(model)}<h1>${model.t('admin.userTitle', { user: model.userLabel })}</h1>
${adminMessages(model)}${model.devices.length === 0 ? html`<p>${model.t('admin.noDevices')}</p>\n` : deviceTable(model, model.devices, false)}${createForm(
    model,
    model.kinds,
    model.createForm,
    model.userId,
  )}${model.backupCodes === null ? null : backupCodesSection(model, model.userId, model.backupCodes.remaining)}`;
}

/** What the kind says of the device, under its kind: facts, then a warning to act on. */
function kindDescription(model: DevicePageModel): SafeHtml | null {
  const description = model.description ?? null;
  if (description === null) return null;
  return html`${description.lines.map((line) => html`<br><span class="tf-hint">${line}</span>`)}${description.warning === null ? null : html`<br><strong>${description.warning}</strong>`}`;
}

function detailList(model: DevicePageModel): SafeHtml {
  const { device } = model;
  return html`<dl class="tf-details">
<dt>${model.t('admin.detail.user')}</dt><dd><a href="${model.urls.user(device.userId)}">${model.userLabel}</a></dd>
<dt>${model.t('admin.detail.kind')}</dt><dd>${device.kindLabel}${kindDescription(model)}</dd>
<dt>${model.t('admin.detail.status')}</dt><dd>${status(model, device)}</dd>
${model.settings === null || model.setup !== null ? null : html`<dt>${model.t('admin.detail.settings')}</dt><dd>${model.settings}</dd>\n`}${
    model.codesLeft === null ? null : html`<dt>${model.t('admin.detail.codesLeft')}</dt><dd>${model.codesLeft}</dd>\n`
  }<dt>${model.t('admin.detail.created')}</dt><dd>${model.dateTime(device.createdAt)}</dd>
<dt>${model.t('admin.detail.lastUsed')}</dt><dd>${device.lastUsedAt === null ? model.t('admin.never') : model.dateTime(device.lastUsedAt)}</dd>
<dt>${model.t('admin.detail.failures')}</dt><dd>${device.failureCount}</dd>
</dl>
`;
}

function setupSection(model: DevicePageModel): SafeHtml | null {
  const { setup, device } = model;
  if (setup === null) {
    if (model.setupNote === null) return null;
    return html`<p class="tf-hint">${model.t(model.setupNote === 'hidden' ? 'admin.setup.hidden' : 'admin.setup.unavailable')}</p>\n`;
  }
  const confirmForm = device.confirmed
    ? null
    : html`<h3>${model.t('admin.confirm.heading')}</h3>
<p>${model.t('admin.confirm.intro')}</p>
<form method="post" action="${model.urls.deviceAction(device.persistentId, 'confirm')}" novalidate>
${csrf(model)}
<div class="tf-field">
<label for="tf-token">${model.t('admin.confirm.token')}</label>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="numeric" autocapitalize="none" spellcheck="false" maxlength="64"${
        model.errorField === 'token' ? html` aria-invalid="true" autofocus` : null
      }>
</div>
<div class="tf-actions"><button class="tf-button" type="submit">${model.t('admin.confirm.submit')}</button></div>
</form>
`;
  return html`<section class="tf-admin-section" aria-labelledby="tf-setup-heading">
<h2 id="tf-setup-heading">${model.t('admin.setup.heading')}</h2>
${model.confirmedSecretWarning ? html`<p class="tf-alert tf-alert-error">${model.t('admin.setup.confirmedWarning')}</p>\n` : null}<p>${model.t('admin.setup.scan')}</p>
<div class="tf-setup">
<figure class="tf-qr"><img src="${setup.qrUrl}" width="220" height="220" alt="${model.t('admin.setup.qrAlt', { name: device.name })}"></figure>
<div class="tf-setup-text">
<p class="tf-key-label" id="tf-key-label">${model.t('admin.setup.key')}</p>
<p class="tf-key" aria-labelledby="tf-key-label"><code>${setup.groupedKey}</code></p>
<p class="tf-hint">${model.t('admin.setup.keyHint')}</p>
<p class="tf-hint">${setup.settings}</p>
</div>
</div>
${confirmForm}</section>
`;
}

/** One device: details, setup (while allowed), and its actions. */
export function deviceView(model: DevicePageModel): SafeHtml {
  const { device } = model;
  const throttle = html`<section class="tf-admin-section" aria-labelledby="tf-throttle-heading">
<h2 id="tf-throttle-heading">${model.t('admin.throttle.heading')}</h2>
${
  device.failureCount === 0
    ? html`<p>${model.t('admin.throttle.none')}</p>`
    : html`<p class="tf-hint">${model.t('admin.throttle.intro')}</p>
<form method="post" action="${model.urls.deviceAction(device.persistentId, 'reset-throttle')}">
${csrf(model)}
<div class="tf-actions"><button class="tf-button tf-button-secondary" type="submit">${model.t('admin.throttle.submit')}</button></div>
</form>`
}
</section>
`;
  const rename = html`<section class="tf-admin-section" aria-labelledby="tf-rename-heading">
<h2 id="tf-rename-heading">${model.t('admin.rename.heading')}</h2>
<form method="post" action="${model.urls.deviceAction(device.persistentId, 'rename')}" class="tf-admin-inline-form">
${csrf(model)}
<div class="tf-field">
<label for="tf-rename">${model.t('admin.rename.label')}</label>
<input id="tf-rename" name="name" type="text" autocomplete="off" maxlength="64" required value="${model.renameValue}"${
    model.errorField === 'name' ? html` aria-invalid="true" autofocus` : null
  }>
</div>
<div class="tf-actions"><button class="tf-button tf-button-secondary" type="submit">${model.t('admin.rename.submit')}</button></div>
</form>
</section>
`;
  const codes =
    model.codesLeft === null || !model.backupCodesEnabled ? null : backupCodesSection(model, device.userId, model.codesLeft);
  return html`${adminHeader(model)}<h1>${device.name}</h1>
${adminMessages(model)}${detailList(model)}${setupSection(model)}${codes}${throttle}${rename}<p class="tf-danger-link"><a href="${model.urls.deviceAction(
    device.persistentId,
    'delete',
  )}">${model.t('admin.delete.link')}</a></p>
`;
}

/** "Delete this device?" */
export function deleteView(model: DeletePageModel): SafeHtml {
  return html`${adminHeader(model)}<h1>${model.t('admin.deleteTitle')}</h1>
${adminMessages(model)}<p><strong>${model.t('admin.delete.question', { name: model.device.name, user: model.userLabel })}</strong></p>
<p>${model.t('admin.delete.consequence')}</p>
<form method="post" action="${model.urls.deviceAction(model.device.persistentId, 'delete')}">
${csrf(model)}
<div class="tf-actions">
<button class="tf-button tf-button-danger" type="submit">${model.t('admin.delete.submit')}</button>
<a class="tf-button tf-button-secondary" href="${model.urls.device(model.device.persistentId)}">${model.t('admin.delete.cancel')}</a>
</div>
</form>
`;
}

/** New backup codes, shown (reloads included) until the staff member says they are handed over, or the time is up. */
export function codesView(model: CodesPageModel): SafeHtml {
  return html`${adminHeader(model)}<h1>${model.t('admin.codesTitle')}</h1>
${adminMessages(model)}<p class="tf-alert tf-alert-notice" role="status">${
    model.added ? model.t('admin.codes.added', { user: model.userLabel }) : model.t('admin.codes.shownOnce', { user: model.userLabel })
  }</p>
<ol class="tf-codes">${model.codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>
<p class="tf-hint">${model.t('admin.codes.shownUntil', { time: model.shownUntil })}</p>
<form method="post" action="${model.urls.backupCodes}">
${csrf(model)}
<input type="hidden" name="user" value="${model.userId}">
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="saved">${model.t('admin.codes.back')}</button>
</div>
</form>
`;
}

/** "Replace all codes of this user?", with what stops working. */
export function replaceCodesView(model: ReplaceCodesPageModel): SafeHtml {
  return html`${adminHeader(model)}<h1>${model.t('admin.codes.replaceTitle', { user: model.userLabel })}</h1>
${adminMessages(model)}<div class="tf-alert tf-alert-error" role="alert"><p>${
    model.remaining === null ? model.t('admin.codes.regenerateHint') : model.t('admin.codes.replaceWarning', { count: model.remaining })
  }</p></div>
<form method="post" action="${model.urls.backupCodes}">
${csrf(model)}
<input type="hidden" name="user" value="${model.userId}">
<input type="hidden" name="confirm" value="yes">
<div class="tf-actions">
<button class="tf-button tf-button-danger" type="submit" name="action" value="regenerate">${model.t('admin.codes.replaceConfirm')}</button>
<a class="tf-button tf-button-secondary" href="${model.urls.user(model.userId)}">${model.t('admin.codes.replaceCancel')}</a>
</div>
</form>
`;
}

/** An error page. */
export function adminErrorView(model: AdminErrorPageModel): SafeHtml {
  return html`<h1>${model.title}</h1>
<div class="tf-alert tf-alert-error" role="alert"><p>${model.message}</p></div>
${model.links.map((link) => html`<p><a href="${link.href}">${link.label}</a></p>\n`)}`;
}
