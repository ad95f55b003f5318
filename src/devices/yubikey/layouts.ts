/**
 * Keyboard layouts. A YubiKey does not type letters: it sends the key codes
 * of the US keys `c b d e f g h i j k l n r t u v`, and the computer turns
 * them into characters with the layout it is set to. On QWERTY, QWERTZ,
 * AZERTY and most Latin layouts those 16 keys carry those 16 letters (the
 * point of modhex), but on Dvorak, Colemak, BÉPO, Turkish F, Cyrillic,
 * Greek or Hebrew layouts the same touch arrives as other characters, and
 * with Caps Lock on as capitals. This module recognises those layouts and
 * maps a token back to the modhex the key meant.
 */
import { MODHEX_ALPHABET } from './modhex.js';

/**
 * The layouts recognised. `qwerty` stands for every layout whose 16 modhex
 * keys type the modhex letters themselves: US and UK QWERTY, German and Swiss
 * QWERTZ, French and Belgian AZERTY, Turkish Q apart from its dotless ı, ...
 */
export type KeyboardLayout = 'qwerty' | 'dvorak' | 'colemak' | 'bepo' | 'turkish-q' | 'turkish-f' | 'cyrillic' | 'greek' | 'hebrew';

/** What each layout types on the keys `c b d e f g h i j k l n r t u v`, in that order. */
const TYPED: Readonly<Record<KeyboardLayout, string>> = {
  qwerty: 'cbdefghijklnrtuv',
  dvorak: 'jxe.uidchtnbpygk',
  colemak: 'cbsftdhuneikpglv',
  bepo: "xkipe,cdtsr'oèv.",
  // Only the "i" key differs: it types a dotless ı.
  'turkish-q': 'cbdefghıjklnrtuv',
  'turkish-f': 'vçeğaütnkmlzıorc',
  // Russian, Ukrainian and Belarusian ЙЦУКЕН agree on these 16 keys.
  cyrillic: 'сивуапршолдткегм',
  greek: 'ψβδεφγηιξκλνρτθω',
  hebrew: 'בנגקכעיןחלךמראוה',
};

/** Every recognised layout, in the order tried when a token fits several. */
export const KEYBOARD_LAYOUTS: readonly KeyboardLayout[] = Object.keys(TYPED) as KeyboardLayout[];

// Character → modhex digit, for each layout, with the capitals Caps Lock
// produces. The Turkish capitals follow Turkish rules: ı ↔ I, i ↔ İ.
const REVERSE: ReadonlyMap<KeyboardLayout, ReadonlyMap<string, string>> = new Map(
  KEYBOARD_LAYOUTS.map((layout) => {
    const reverse = new Map<string, string>();
    const turkish = layout.startsWith('turkish');
    Array.from(TYPED[layout]).forEach((char, index) => {
      const digit = MODHEX_ALPHABET[index]!;
      reverse.set(char, digit);
      reverse.set(turkish && char === 'i' ? 'İ' : char.toUpperCase(), digit);
    });
    return [layout, reverse] as const;
  }),
);

/** What {@link readTypedToken} made of some input. */
export interface LayoutReading {
  /** The layout whose keys explain every character. */
  readonly layout: KeyboardLayout;
  /** The input mapped back to modhex. */
  readonly modhex: string;
}

/**
 * Every reading of `input` as a token typed on a recognised layout, the
 * likeliest first (`qwerty` before the others). Surrounding whitespace (the
 * Enter a key types after its token, a pasted newline) and Caps Lock are
 * undone first. Empty when no layout explains every character.
 *
 * @example readTypedToken('JXJXJXJX\n')[0] // { layout: 'dvorak', modhex: 'cbcbcbcb' }
 */
export function readTypedToken(input: string): LayoutReading[] {
  const text = Array.from(input.trim().normalize('NFC'));
  if (text.length === 0) return [];
  const readings: LayoutReading[] = [];
  for (const layout of KEYBOARD_LAYOUTS) {
    const reverse = REVERSE.get(layout)!;
    let modhex = '';
    for (const char of text) {
      const mapped = reverse.get(char);
      if (mapped === undefined) break;
      modhex += mapped;
    }
    if (modhex.length === text.length) readings.push({ layout, modhex });
  }
  return readings;
}

/**
 * The layout a token was most likely typed on, or null when no recognised
 * layout explains it. With `publicId`, a reading that starts with it wins.
 */
export function detectLayout(input: string, publicId?: string): KeyboardLayout | null {
  const readings = readTypedToken(input);
  const matching = publicId === undefined ? undefined : readings.find((r) => r.modhex.startsWith(publicId));
  return (matching ?? readings[0])?.layout ?? null;
}
