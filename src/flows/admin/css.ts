/**
 * The admin's additions to the web layer's stylesheet: a wider card for
 * tables, status badges, and a QR code that stays scannable in dark mode
 * (always dark modules on a white square).
 */
import { TWOFOLD_CSS } from '../../web/html.js';

/** Rules the admin adds after {@link TWOFOLD_CSS}. */
export const ADMIN_CSS = `.tf-card { max-width: 60rem; margin-top: 2rem; }
.tf-admin-nav { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; margin: -0.25rem 0 1.25rem; padding-bottom: 0.75rem; border-bottom: 1px solid var(--tf-border); font-size: 0.95rem; }
.tf-admin-who { color: var(--tf-muted); }
.tf-admin-section { border-top: 1px solid var(--tf-border); padding-top: 1rem; margin-top: 1.5rem; }
.tf-admin-section h3 { font-size: 1rem; margin: 1.25rem 0 0.5rem; }
.tf-admin-form, .tf-admin-inline-form { max-width: 28rem; }
.tf-search-row { display: flex; gap: 0.5rem; }
.tf-search-row input { flex: 1 1 auto; min-width: 0; }
.tf-table-wrap { overflow-x: auto; margin: 0 0 1rem; }
.tf-table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
.tf-table th, .tf-table td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--tf-border); vertical-align: top; }
.tf-table th { font-weight: 600; color: var(--tf-muted); white-space: nowrap; }
.tf-table td a { overflow-wrap: break-word; }
.tf-badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; border: 1px solid var(--tf-border); margin: 0 0.15rem 0.15rem 0; }
.tf-badge-ok { border-color: #1a7f37; color: #1a7f37; }
.tf-badge-wait { border-color: #9a6700; color: #9a6700; }
.tf-badge-error { border-color: var(--tf-error); color: var(--tf-error); }
@media (prefers-color-scheme: dark) {
  .tf-badge-ok { border-color: #57d977; color: #57d977; }
  .tf-badge-wait { border-color: #e3b341; color: #e3b341; }
}
.tf-details { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.35rem 1rem; margin: 0 0 1rem; }
.tf-details dt { font-weight: 600; color: var(--tf-muted); }
.tf-details dd { margin: 0; word-break: break-word; }
.tf-setup { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin: 0 0 1rem; }
.tf-qr { margin: 0; padding: 0.5rem; background: #ffffff; border: 1px solid var(--tf-border); border-radius: 0.5rem; line-height: 0; }
.tf-qr img { display: block; width: 220px; height: 220px; image-rendering: pixelated; }
.tf-setup-text { flex: 1 1 16rem; }
.tf-key-label { font-weight: 600; margin: 0 0 0.25rem; }
.tf-key { margin: 0 0 0.5rem; }
.tf-key code, .tf-codes code { font: 1.15rem/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; letter-spacing: 0.05em; word-spacing: 0.3em; }
.tf-codes { columns: 2 12rem; padding-left: 1.75rem; margin: 0 0 1.25rem; }
.tf-codes li { margin: 0 0 0.35rem; white-space: nowrap; }
.tf-user-list { padding-left: 1.25rem; }
.tf-button-danger { background: var(--tf-error); border-color: var(--tf-error); color: #ffffff; }
.tf-card .tf-alert p:last-child { margin-bottom: 0; }
.tf-admin-section .tf-field input.tf-token { max-width: 14rem; }
.tf-card .tf-danger-link { border-top: 1px solid var(--tf-border); padding-top: 1rem; margin: 1.5rem 0 0; }
.tf-danger-link a { color: var(--tf-error); }
/* On a phone each device row becomes a small card, every cell labelled with its column: no column hides off-screen. */
@media (max-width: 40rem) {
  .tf-table-stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .tf-table-stack, .tf-table-stack tbody, .tf-table-stack tr, .tf-table-stack td { display: block; width: 100%; }
  .tf-table-stack tr { border: 1px solid var(--tf-border); border-radius: 0.4rem; padding: 0.25rem 0.75rem; margin: 0 0 0.75rem; }
  .tf-table-stack td { border: 0; padding: 0.3rem 0; display: grid; grid-template-columns: minmax(0, 7.5rem) minmax(0, 1fr); gap: 0.75rem; overflow-wrap: anywhere; }
  .tf-table-stack td::before { content: attr(data-label); font-weight: 600; color: var(--tf-muted); }
}
@media (max-width: 30rem) {
  .tf-body { padding: 0.5rem; }
  .tf-card { padding: 1rem; margin-top: 0.5rem; }
  .tf-details { grid-template-columns: minmax(0, 1fr); gap: 0 1rem; }
  .tf-details dd { margin-bottom: 0.5rem; }
}
`;

/** The admin's whole stylesheet: the web layer's, then the admin's rules. */
export const ADMIN_STYLESHEET = `${TWOFOLD_CSS}\n${ADMIN_CSS}`;
