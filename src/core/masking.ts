/**
 * Masks a phone number for logs and consoles, keeping the plus, the first digit and the last two digits
 * (`+14155550132` becomes `+1********32`), so people can tell messages apart without the number.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) {
    return '*'.repeat(digits.length);
  }

  const prefix = phone.startsWith('+') ? `+${digits.slice(0, 1)}` : '';
  const hiddenCount = digits.length - (prefix ? 1 : 0) - 2;
  return `${prefix}${'*'.repeat(hiddenCount)}${digits.slice(-2)}`;
}

/** Masks a token or other secret-bearing value, keeping only its first four characters. */
export function maskToken(token: string): string {
  return token.length <= 4 ? '****' : `${token.slice(0, 4)}…(${token.length} chars)`;
}

/** Masks a person's name to its initials, for logs. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((part) => `${[...part][0] ?? ''}.`)
    .join(' ');
}

/**
 * Describes an error as `Name: message` for logs and audit records, masking anything that looks
 * like a phone number, because provider errors often quote the number they rejected.
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\+?\d[\d ().-]{5,}\d/g, (match) => (looksLikePhone(match) ? maskPhone(match) : match));
}

/** Tells a phone number, written with or without separators, from an ISO date or a short number. */
function looksLikePhone(candidate: string): boolean {
  const digitCount = candidate.replace(/\D/g, '').length;
  return digitCount >= 7 && !/^\d{4}-\d{2}-\d{2}/.test(candidate);
}
