import { describe, expect, it } from 'vitest';
import { describeError, maskName, maskPhone, maskToken } from '../../src/core/masking.ts';

const PHONE = '+14155550132';
const TOKEN = 'AgEjRWeJq83vASNFZ4mrze9n0kq8pW1zXv3q7Qh3bNc2Rfxy9A';

describe('masking', () => {
  describe('maskPhone', () => {
    it.each([
      { phone: '+3531234567', masked: '+3*******67' },
      { phone: '+4930901820', masked: '+4*******20' },
      { phone: '+14155550132', masked: '+1********32' },
      { phone: '+447400123456', masked: '+4*********56' },
      { phone: '+123456789012345', masked: '+1************45' },
    ])('masks $phone as $masked', ({ phone, masked }) => {
      // Act
      const result = maskPhone(phone);

      // Assess
      expect(result).toBe(masked);
    });

    it('hides first digit without plus', () => {
      // Act
      const result = maskPhone('4155550132');

      // Assess
      expect(result).toBe('********32');
    });

    it('keeps at most three digits', () => {
      // Prepare
      const phones = Array.from({ length: 15 }, (_, index) => `+${'987654321098765'.slice(0, index + 1)}`);

      // Act
      const revealed = phones.map((phone) => maskPhone(phone).replace(/\D/g, '').length);

      // Assess
      expect(revealed.every((count) => count <= 3)).toBe(true);
    });

    it('never returns the full digits', () => {
      // Prepare
      const phones = Array.from({ length: 15 }, (_, index) => `+${'987654321098765'.slice(0, index + 1)}`);

      // Act
      const unmasked = phones.filter((phone) => maskPhone(phone).includes(phone.slice(1)));

      // Assess
      expect(unmasked).toEqual([]);
    });

    it.each([
      { label: 'four digits with plus', phone: '+1234', masked: '****' },
      { label: 'two digits', phone: '12', masked: '**' },
      { label: 'plus only', phone: '+', masked: '' },
      { label: 'empty string', phone: '', masked: '' },
    ])('masks all of $label', ({ phone, masked }) => {
      // Act
      const result = maskPhone(phone);

      // Assess
      expect(result).toBe(masked);
    });

    it('masks formatted number by digits', () => {
      // Act
      const result = maskPhone('+1 (415) 555-0132');

      // Assess
      expect(result).toBe('+1********32');
    });
  });

  describe('maskToken', () => {
    it('keeps first four characters', () => {
      // Act
      const result = maskToken(TOKEN);

      // Assess
      expect(result).toBe('AgEj…(50 chars)');
    });

    it('hides rest of token', () => {
      // Act
      const result = maskToken(TOKEN);

      // Assess
      expect(result).not.toContain(TOKEN.slice(4, 8));
    });

    it.each(['', 'a', 'abcd'])('masks short value %j fully', (value) => {
      // Act
      const result = maskToken(value);

      // Assess
      expect(result).toBe('****');
    });
  });

  describe('maskName', () => {
    it.each([
      { name: 'Ada Lovelace', masked: 'A. L.' },
      { name: 'Ada', masked: 'A.' },
      { name: '  Ada   King  Lovelace ', masked: 'A. K. L.' },
      { name: 'Émile Zola', masked: 'É. Z.' },
      { name: '𝒜da Lovelace', masked: '𝒜. L.' },
      { name: '', masked: '' },
      { name: '   ', masked: '' },
    ])('masks $name as $masked', ({ name, masked }) => {
      // Act
      const result = maskName(name);

      // Assess
      expect(result).toBe(masked);
    });
  });

  describe('describeError', () => {
    it('masks phone in SNS error', () => {
      // Prepare
      const error = new Error(`Invalid parameter: PhoneNumber Reason: ${PHONE} is not valid to publish to`);
      error.name = 'InvalidParameterException';

      // Act
      const description = describeError(error);

      // Assess
      expect(description).toBe('InvalidParameterException: Invalid parameter: PhoneNumber Reason: +1********32 is not valid to publish to');
    });

    it('masks formatted phone number', () => {
      // Act
      const description = describeError(new Error('rejected +1 415-555-0132 today'));

      // Assess
      expect(description).not.toContain('555-0132');
    });

    it('masks every phone number', () => {
      // Act
      const description = describeError(new Error(`from +14155550100 to ${PHONE}`));

      // Assess
      expect(description).toBe('Error: from +1********00 to +1********32');
    });

    it('masks phone in non-Error value', () => {
      // Act
      const description = describeError(`send failed for ${PHONE}`);

      // Assess
      expect(description).toBe('send failed for +1********32');
    });

    it('keeps message without numbers', () => {
      // Act
      const description = describeError(new Error('Rate exceeded'));

      // Assess
      expect(description).toBe('Error: Rate exceeded');
    });
  });
});
