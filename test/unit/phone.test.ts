import { describe, expect, it } from 'vitest';
import { isE164, normalizePhone, toSupportedCountry } from '../../src/core/phone.ts';

describe('normalizePhone', () => {
  it('formats a national number with its country', () => {
    // Act
    const result = normalizePhone('(510) 555-0148', 'US');

    // Assess
    expect(result).toEqual({ ok: true, phone: '+15105550148' });
  });

  it('keeps the country code of an international number', () => {
    // Act
    const result = normalizePhone('+49 30 901820', 'US');

    // Assess
    expect(result).toEqual({ ok: true, phone: '+4930901820' });
  });

  it('formats a UK mobile number', () => {
    // Act
    const result = normalizePhone('07400 123456', 'GB');

    // Assess
    expect(result).toEqual({ ok: true, phone: '+447400123456' });
  });

  it('accepts a lower-case country', () => {
    // Act
    const result = normalizePhone('512.555.0171', 'us');

    // Assess
    expect(result).toEqual({ ok: true, phone: '+15125550171' });
  });

  it('rejects a too short number', () => {
    // Act
    const result = normalizePhone('12345', 'US');

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid phone number "12345" for country US' });
  });

  it('rejects a national number without country', () => {
    // Act
    const result = normalizePhone('4155550132');

    // Assess
    expect(result).toEqual({ ok: false, reason: 'invalid phone number "4155550132" without a country code (add one, or pass --default-country, for example US)' });
  });

  it('rejects text that is not a number', () => {
    // Act
    const result = normalizePhone('call me', 'US');

    // Assess
    expect(result.ok).toBe(false);
  });

  it('rejects an empty value', () => {
    // Act
    const result = normalizePhone('  ', 'US');

    // Assess
    expect(result).toEqual({ ok: false, reason: 'missing phone number' });
  });

  it('rejects an unknown country', () => {
    // Act
    const result = normalizePhone('4155550132', 'XX');

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'invalid country "XX" for phone number "4155550132": expected a two-letter ISO code such as US',
    });
  });
});

describe('isE164', () => {
  it.each(['+14155550132', '+4930901820', '+447400123456'])('accepts %s', (value) => {
    // Act
    const result = isE164(value);

    // Assess
    expect(result).toBe(true);
  });

  it.each(['14155550132', '+04155550132', '+1 415 555 0132', '+12345', '+1234567890123456', ''])('rejects "%s"', (value) => {
    // Act
    const result = isE164(value);

    // Assess
    expect(result).toBe(false);
  });
});

describe('toSupportedCountry', () => {
  it('upper-cases a known code', () => {
    // Act
    const result = toSupportedCountry(' gb ');

    // Assess
    expect(result).toBe('GB');
  });

  it.each(['XX', 'USA', 'United States', ''])('rejects "%s"', (value) => {
    // Act
    const result = toSupportedCountry(value);

    // Assess
    expect(result).toBeUndefined();
  });
});
