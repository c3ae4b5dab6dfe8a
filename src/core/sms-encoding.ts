/**
 * SMS length arithmetic: which encoding a text needs, how many units it takes, and how many parts
 * (segments) it is sent and billed as.
 *
 * The alphabet is the GSM 7-bit default alphabet and its extension table from 3GPP TS 23.038. One
 * SMS carries 140 octets of user data (3GPP TS 23.040), which hold 160 septets or 70 UCS-2
 * characters. Each part of a longer message also carries a 6-octet concatenation header, which
 * leaves 153 septets or 67 UCS-2 characters (3GPP TS 23.040 §9.2.3.24.1).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Encoding, length and part count of one SMS text. */
export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Length in the encoding's units: GSM-7 septets, or UTF-16 code units for UCS-2. */
  units: number;
  /** Number of parts the text is sent and billed as, at least 1 even for the empty text. */
  segments: number;
  /** Units each part can carry: 160 or 153 for GSM-7, 70 or 67 for UCS-2. */
  perSegment: number;
}

// The 127 characters of the default alphabet, in table order from 0x00 to 0x7F. Code 0x1B
// (ESC) is left out because it introduces an extension character and is never text of its own.
const GSM_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';

// Characters of the extension table, each sent as ESC followed by one septet, so each takes 2 units.
const GSM_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

export const GSM_BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC_CHARACTERS);
export const GSM_EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION_CHARACTERS);

const LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

/**
 * Analyzes `text` as an SMS. It is GSM-7 when every character is in the default alphabet or its
 * extension table, and UCS-2 otherwise, because one character outside the alphabet switches the
 * whole message. The empty text counts as 1 segment, because an SMS without text is still one
 * message to send and bill.
 *
 * NOTE: Amazon SNS splits a long SMS at word boundaries, not at the last unit that fits, so it can
 * send more parts than `segments` counts when a word straddles a part boundary.
 */
export function analyzeSms(text: string): SmsAnalysis {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const costs = characterCosts(text, encoding);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = LIMITS[encoding];

  if (units <= limits.single) {
    return { encoding, units, segments: 1, perSegment: limits.single };
  }

  return { encoding, units, segments: countParts(costs, limits.perPart), perSegment: limits.perPart };
}

/** Checks whether every character of `text` is in the GSM 7-bit default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const character of text) {
    if (!GSM_BASIC_SET.has(character) && !GSM_EXTENSION_SET.has(character)) {
      return false;
    }
  }
  return true;
}

/** Units per character, iterating by code point so a surrogate pair stays one character. */
function characterCosts(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const character of text) {
    if (encoding === 'UCS-2') {
      costs.push(character.length);
    } else {
      costs.push(GSM_EXTENSION_SET.has(character) ? 2 : 1);
    }
  }
  return costs;
}

/**
 * Counts the parts needed when no character is split between two parts. 3GPP TS 23.040 §9.2.3.24.1
 * requires that for a GSM-7 escape sequence, so a part may end one septet short of 153.
 * NOTE: for UCS-2 the specification only forbids splitting a 16-bit unit. This count also keeps
 * both halves of a surrogate pair (an emoji, for example) in one part, so a sender that splits pairs
 * may need one part fewer.
 */
function countParts(costs: readonly number[], perPart: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}
