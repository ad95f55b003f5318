/**
 * Styles of the account pages, served after `TWOFOLD_CSS` in `/twofold.css`.
 * Class names start with `tf-account-` (or reuse the shared `tf-` ones), so a
 * host restyles them from its own stylesheet without replacing any view.
 */
export const ACCOUNT_CSS = `.tf-account-status { font-weight: 600; }
.tf-account-section { margin: 1.5rem 0 0; padding-top: 1rem; border-top: 1px solid var(--tf-border); }
.tf-account-devices { list-style: none; margin: 0 0 1rem; padding: 0; }
.tf-account-device { padding: 0.75rem 0; border-bottom: 1px solid var(--tf-border); }
.tf-account-device:last-child { border-bottom: 0; }
.tf-account-device-name { font-weight: 600; overflow-wrap: anywhere; }
.tf-account-device-meta { display: block; color: var(--tf-muted); font-size: 0.9rem; }
.tf-account-device-warning { color: inherit; font-weight: 600; }
.tf-account-badge {
  display: inline-block;
  margin-left: 0.5rem;
  padding: 0 0.5rem;
  border-radius: 1rem;
  font-size: 0.8rem;
  font-weight: 600;
  background: var(--tf-notice-bg);
  border: 1px solid var(--tf-accent);
}
.tf-account-device-actions { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-top: 0.25rem; align-items: center; }
.tf-account-device-actions .tf-button-link { padding: 0; min-height: 0; }
.tf-account-qr { display: block; width: 12rem; max-width: 100%; height: auto; margin: 0 auto 1rem; background: #fff; padding: 0.5rem; border-radius: 0.4rem; }
.tf-account-key {
  display: block;
  font: 1.1rem/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  letter-spacing: 0.05em;
  word-spacing: 0.3em;
  overflow-wrap: anywhere;
  padding: 0.5rem 0.75rem;
  margin: 0 0 1rem;
  border: 1px dashed var(--tf-border);
  border-radius: 0.4rem;
  user-select: all;
}
.tf-account-codes {
  /* Two columns where 19-character codes fit side by side, one on narrow screens. */
  columns: 20ch 2;
  column-gap: 2rem;
  margin: 0 0 1rem;
  /* Room for the marker of a two-digit list ("10.") inside the box. */
  padding: 0.75rem 1rem 0.75rem 3.25rem;
  font: 1.1rem/1.8 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  border: 1px dashed var(--tf-border);
  border-radius: 0.4rem;
}
/* A code never breaks at its hyphens: half a code on the next line reads as two codes. */
.tf-account-codes li { white-space: nowrap; }
.tf-account-methods { border: 0; margin: 0 0 1rem; padding: 0; }
.tf-account-methods legend { font-weight: 600; margin-bottom: 0.5rem; }
.tf-account-choice { display: flex; gap: 0.5rem; align-items: flex-start; margin-bottom: 0.5rem; }
/* min-height, padding and the .tf-field selector undo the full-width text-box rules of .tf-field, which pushed the checkbox's text below it. */
.tf-account-choice input, .tf-account-check input { width: 1.25rem; height: 1.25rem; min-height: 0; padding: 0; margin-top: 0.15rem; flex: none; }
.tf-account-check, .tf-field .tf-account-check { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: 600; }
/* A form ends with its buttons and has no margin of its own: keep the link below from touching them. */
.tf-card .tf-account-back { margin-top: 1.25rem; }
.tf-card form:not(.tf-inline) + p { margin-top: 1.25rem; }
/* The code step: "Nothing arrived?" belongs to the "Send a new code" button below it, not to the confirm button above. */
.tf-card .tf-actions + p.tf-hint { margin: 1.5rem 0 0.5rem; }
.tf-card .tf-actions + p.tf-hint + .tf-actions { margin-top: 0.5rem; }
.tf-button-danger { background: var(--tf-error); border-color: var(--tf-error); color: #fff; }
/* "Open in authenticator app" only where the app is on the same device as the page: phones (touch, or a narrow screen). */
.tf-card a.tf-account-open-app { display: none; }
@media (pointer: coarse), (max-width: 40rem) {
  .tf-card a.tf-account-open-app { display: inline-flex; }
}
.tf-account-key-actions { margin: -0.25rem 0 1rem; }
@media print {
  .tf-body { background: #fff; color: #000; }
  .tf-card { border: 0; margin: 0; padding: 0; }
  .tf-actions, form, .tf-noprint { display: none; }
}
`;
