/**
 * Message templates of the code-sending kinds: plain strings with `{name}`
 * placeholders (`{{` and `}}` for literal braces), or functions for full
 * control (translations, markup). String templates are checked when the kind
 * is built, so a typo fails at start-up rather than at someone's sign-in.
 */
import { TwofoldError } from '../../core/errors.js';

/** What a template can use. */
export interface TemplateValues {
  /** The code, digits only, leading zeros kept. */
  readonly token: string;
  /** How many whole minutes the code stays valid. */
  readonly minutes: number;
  /** The user's language as the host passed it (`nl-BE`), or null. */
  readonly language: string | null;
  /**
   * Why the code is sent: `setup` while the device is being set up (its
   * first code, which proves the number or address), `sign-in` for a
   * confirmed device (signing in, or confirming it is you).
   */
  readonly purpose: 'sign-in' | 'setup';
}

/**
 * A message template: a string with `{token}` and `{minutes}` placeholders,
 * or a function of the {@link TemplateValues} (which must escape what it puts
 * in HTML itself).
 */
export type MessageTemplate = string | ((values: TemplateValues) => string);

const PLACEHOLDERS = ['token', 'minutes'] as const;

type Piece = { readonly text: string } | { readonly name: (typeof PLACEHOLDERS)[number] };

function parse(template: string): Piece[] | string {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const char = template.charAt(i);
    const next = template.charAt(i + 1);
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      text += char;
      i++;
      continue;
    }
    if (char === '}') return 'a lone "}" (write "}}" for a literal brace)';
    if (char !== '{') {
      text += char;
      continue;
    }
    const end = template.indexOf('}', i);
    if (end < 0) return 'a "{" that is never closed (write "{{" for a literal brace)';
    const name = template.slice(i + 1, end);
    const known = PLACEHOLDERS.find((placeholder) => placeholder === name);
    if (known === undefined) return `an unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`;
    if (text !== '') pieces.push({ text });
    text = '';
    pieces.push({ name: known });
    i = end;
  }
  if (text !== '') pieces.push({ text });
  return pieces;
}

/**
 * Checks a template from configuration; throws `INVALID_CONFIG` naming the
 * setting. `requireToken` insists on `{token}` (a message that does not carry
 * the code would be useless).
 */
export function checkTemplate(kind: string, setting: string, template: unknown, requireToken: boolean): void {
  if (typeof template === 'function') return;
  if (typeof template !== 'string' || template.length === 0 || template.length > 100_000) {
    throw new TwofoldError('INVALID_CONFIG', `${kind}: "${setting}" must be a non-empty string or a function`);
  }
  const pieces = parse(template);
  if (typeof pieces === 'string') throw new TwofoldError('INVALID_CONFIG', `${kind}: "${setting}" has ${pieces}`);
  if (requireToken && !pieces.some((piece) => 'name' in piece && piece.name === 'token')) {
    throw new TwofoldError('INVALID_CONFIG', `${kind}: "${setting}" must contain {token}`);
  }
}

export { escapeHtml } from '../../core/escape.js';

/**
 * Renders a template. In string templates every substituted value passes
 * through `escape` (HTML escaping for HTML bodies); function templates get
 * the raw values.
 */
export function renderTemplate(template: MessageTemplate, values: TemplateValues, escape: (text: string) => string = (text) => text): string {
  if (typeof template === 'function') return template(values);
  const pieces = parse(template);
  // Unreachable for checked templates; a clear error beats a message without a code.
  if (typeof pieces === 'string') throw new TwofoldError('INVALID_CONFIG', `template has ${pieces}`);
  return pieces.map((piece) => ('text' in piece ? piece.text : escape(String(values[piece.name])))).join('');
}

/** The primary subtag of a language tag, lower case (`pt-BR` → `pt`), or null. */
export function primaryLanguage(language: string | null | undefined): string | null {
  if (typeof language !== 'string') return null;
  const primary = /^([A-Za-z]{2,8})(?:[-_]|$)/.exec(language)?.[1];
  return primary === undefined ? null : primary.toLowerCase();
}
