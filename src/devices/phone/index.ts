/**
 * Phone devices: codes by text message or voice call, sent through a
 * gateway (`twofold/gateways/twilio`, `twofold/gateways/development`, or
 * your own), with numbers validated and stored in E.164.
 *
 * @packageDocumentation
 */
export * from './kind.js';
export {
  DEFAULT_REFUSED_NUMBER_TYPES,
  callingCodeOf,
  checkPhoneNumber,
  formatPhoneNumber,
  isPhoneRegion,
  maskPhoneNumber,
} from './number.js';
export type { PhoneNumberProblem } from './number.js';
export type { DeliveryContext, PhoneGateway } from '../../gateways/types.js';
export type { MessageTemplate, TemplateValues } from '../side-channel/template.js';
export { phonePresentation } from './presentation.js';
