/**
 * Security keys and passkeys (WebAuthn) as a second factor: the `webauthn`
 * device kind, its registration and authentication ceremonies, and the
 * browser script that drives them. Needs the optional packages
 * `@simplewebauthn/server` (and `@simplewebauthn/browser` for the script).
 *
 * @packageDocumentation
 */
export { webauthn } from './factory.js';
export { challengeDigest, MAX_RESPONSE_LENGTH } from './kind.js';
export { describeWebAuthnDevice, WEBAUTHN_TEXTS } from './presentation.js';
export type { AssertionContext, AssertionFinding, WebAuthnKind } from './kind.js';
export { webauthnCeremonies } from './ceremonies.js';
export type { WebAuthnCeremonies, WebAuthnEvents } from './ceremonies.js';
export type { StartRegistrationInput, FinishRegistrationInput, RegistrationResult } from './registration.js';
export { SUPPORTED_ALGORITHMS } from './registration.js';
export type { StartAuthenticationInput, FinishAuthenticationInput, AuthenticationResult, CloneSuspicion } from './authentication.js';
export { DISCOVERY_SUBJECT } from './passwordless.js';
export type { StartPasswordlessInput, FinishPasswordlessInput } from './passwordless.js';
export type { ChallengeFailure, CeremonyPurpose } from './challenges.js';
export { CHALLENGE_BYTES } from './challenges.js';
export { resolveWebAuthnConfig } from './config.js';
export type { AttestationPolicy, CounterRegressionPolicy, ResolvedWebAuthnConfig, UserVerificationRequirement, WebAuthnConfig } from './config.js';
export type { WebAuthnCheck } from './checks.js';
export { WEBAUTHN_KIND_NAME, KNOWN_TRANSPORTS, MAX_CREDENTIAL_ID_BYTES, credentialDeviceId } from './state.js';
export type { AuthenticatorTransport, WebAuthnCreateOptions, WebAuthnState } from './state.js';
export { webauthnBrowserScript, webauthnBrowserScriptSync } from './browser.js';
export type { WebAuthnBrowserScript } from './browser.js';
export type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
