/**
 * What a Twilio voice call says, and in which voice: the script per language,
 * the `<Say language>` codes Twilio's standard voices speak, the fallback
 * when the user's language has no voice or no script, and the TwiML document.
 */

/** The three sentences of a call; the digits are read between them, twice. */
export interface VoiceScript {
  /** Before the first reading, e.g. "Your verification code is:". */
  readonly intro: string;
  /** Before the second reading, e.g. "Once again, your code is:". */
  readonly repeat: string;
  /** At the end. */
  readonly goodbye: string;
}

/**
 * `<Say language>` codes of Twilio's standard text-to-speech voices. A host
 * can add others (Polly and Google voices speak many more) by giving a script
 * under the full code, e.g. `'tr-TR'`.
 */
export const TWILIO_VOICE_LANGUAGES: readonly string[] = Object.freeze([
  'ca-ES', 'da-DK', 'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'fi-FI', 'fr-CA', 'fr-FR',
  'it-IT', 'ja-JP', 'ko-KR', 'nb-NO', 'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ru-RU', 'sv-SE', 'zh-CN', 'zh-HK', 'zh-TW',
]);

// The voice used for a bare language ("en", or "en-NZ" which has no voice of its own).
const PREFERRED_REGION: Readonly<Record<string, string>> = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', pt: 'pt-BR', zh: 'zh-CN' };

/** Scripts twofold ships, by primary language. */
export const DEFAULT_VOICE_SCRIPTS: Readonly<Record<string, VoiceScript>> = Object.freeze({
  en: { intro: 'Your verification code is:', repeat: 'Once again, your code is:', goodbye: 'Goodbye.' },
  nl: { intro: 'Uw verificatiecode is:', repeat: 'Nogmaals, uw code is:', goodbye: 'Tot ziens.' },
  de: { intro: 'Ihr Bestätigungscode lautet:', repeat: 'Noch einmal, Ihr Code lautet:', goodbye: 'Auf Wiederhören.' },
  fr: { intro: 'Votre code de vérification est :', repeat: 'Je répète, votre code est :', goodbye: 'Au revoir.' },
  es: { intro: 'Su código de verificación es:', repeat: 'Le repito, su código es:', goodbye: 'Adiós.' },
});

/** A voice language and the script spoken in it. */
export interface ResolvedVoice {
  /** The `<Say language>` code, e.g. `nl-NL`. */
  readonly language: string;
  readonly script: VoiceScript;
}

/** Picks the voice for a user's language; see {@link createVoiceResolver}. */
export type VoiceResolver = (language: string | null) => ResolvedVoice;

function canonicalTag(tag: string): { full: string; primary: string } | null {
  const match = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?(?:[-_].*)?$/.exec(tag.trim());
  if (match === null) return null;
  const primary = match[1]!.toLowerCase();
  return { full: match[2] === undefined ? primary : `${primary}-${match[2].toUpperCase()}`, primary };
}

/**
 * Builds the resolver of a gateway. A user's `nl-BE` is spoken by the `nl-NL`
 * voice with the Dutch script; a language with no script (or no voice) falls
 * back to `fallback` entirely, so the words always match the voice.
 *
 * @param scripts - the host's scripts by primary language (`nl`) or full code
 *   (`tr-TR`, which also makes that code a voice language); they override the
 *   defaults.
 * @returns null when `fallback` cannot be spoken (no voice or no script).
 */
export function createVoiceResolver(scripts: Readonly<Record<string, VoiceScript>>, fallback: string): VoiceResolver | null {
  const byPrimary = new Map<string, VoiceScript>();
  const byFull = new Map<string, VoiceScript>();
  for (const [tag, script] of Object.entries({ ...DEFAULT_VOICE_SCRIPTS, ...scripts })) {
    const canonical = canonicalTag(tag);
    if (canonical === null) continue;
    if (canonical.full === canonical.primary) byPrimary.set(canonical.primary, script);
    else byFull.set(canonical.full, script);
  }
  const voices = new Map<string, ResolvedVoice>();
  for (const language of [...TWILIO_VOICE_LANGUAGES, ...byFull.keys()]) {
    const primary = language.slice(0, language.indexOf('-'));
    const script = byFull.get(language) ?? byPrimary.get(primary);
    if (script !== undefined) voices.set(language, { language, script });
  }
  const preferred = (primary: string): ResolvedVoice | undefined => {
    const region = PREFERRED_REGION[primary];
    if (region !== undefined && voices.has(region)) return voices.get(region);
    return [...voices.values()].find((voice) => voice.language.startsWith(`${primary}-`));
  };
  const find = (tag: string): ResolvedVoice | undefined => {
    const canonical = canonicalTag(tag);
    if (canonical === null) return undefined;
    return voices.get(canonical.full) ?? preferred(canonical.primary);
  };
  const fallbackVoice = find(fallback);
  if (fallbackVoice === undefined) return null;
  return (language) => (language === null ? undefined : find(language)) ?? fallbackVoice;
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

/**
 * The TwiML that reads a code: a short pause (the callee is still lifting
 * the phone), the intro, each digit on its own with a one-second pause after
 * it (leading zeros included), the repeat sentence, the digits again, goodbye.
 */
export function callTwiml(code: string, voice: ResolvedVoice, voiceName?: string): string {
  const attributes = `language="${escapeXml(voice.language)}"${voiceName === undefined ? '' : ` voice="${escapeXml(voiceName)}"`}`;
  const say = (text: string) => `<Say ${attributes}>${escapeXml(text)}</Say>`;
  const pause = '<Pause length="1"/>';
  const digits = Array.from(code, (digit) => `${say(digit)}${pause}`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Response>${pause}${say(voice.script.intro)}${pause}${digits}${say(voice.script.repeat)}${pause}${digits}${say(voice.script.goodbye)}</Response>`
  );
}
