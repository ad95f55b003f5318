/**
 * twofold's pages, framework-neutral: the web primitives (sessions,
 * verification state, guards, CSRF, safe redirects, HTML, messages) and the
 * flows assembled into one route table, written once against web-standard
 * `Request` / `Response`. `twofold/express` and `twofold/hono` adapt it to
 * their frameworks; other frameworks can do the same with
 * {@link createOtpContext} and {@link createRoutes}.
 *
 * @packageDocumentation
 */
export * from '../web/index.js';
export { ENGLISH_MESSAGES, createTranslator } from './messages.js';
export { defaultViews } from './views.js';
export { resolveWebConfig } from './options.js';
export * from './routes.js';
export type { BackupCodePageModel, LoginTokenPageModel, MethodChoice, TokenPageModel, TokenStepModel } from '../flows/login/views.js';
export { backupCodeView, loginTokenView, tokenView } from '../flows/login/views.js';
export type { LoginRoute, LoginRoutePath } from './login-routes.js';
export { createLoginRoutes } from './login-routes.js';
export type { AccountRoute, AccountRoutePath } from './account-routes.js';
export type { TwofoldApp, TwofoldAppAdminOptions, TwofoldAppOptions, TwofoldAppUrls } from './app.js';
export { DEFAULT_REMEMBER_SECONDS, resolveTwofoldApp } from './app.js';
export { createAccountRoutes } from './account-routes.js';
export type { AssuranceFactor, AssuranceResponse, RequirementAssurance, StepUpOptions, StepUpPageModel, StepUpRefusalReason, StepUpViews } from '../flows/step-up/index.js';
export { stepUpView } from '../flows/step-up/index.js';
