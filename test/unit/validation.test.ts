import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { parseRating, parseReviewText, readSingleField } from '../../src/core/validation.ts';

const EMOJI = '😀';

describe('validation', () => {
  describe('parseRating', () => {
    it.each([1, 2, 3, 4, 5])('accepts number %d', (value) => {
      // Act
      const rating = parseRating(value);

      // Assess
      expect(rating).toBe(value);
    });

    it.each(['1', '2', '3', '4', '5'])('accepts string %j', (value) => {
      // Act
      const rating = parseRating(value);

      // Assess
      expect(rating).toBe(Number(value));
    });

    it.each([
      { label: 'zero', value: 0 },
      { label: 'six', value: 6 },
      { label: 'string 5.5', value: '5.5' },
      { label: 'number 5.5', value: 5.5 },
      { label: 'number 4.5', value: 4.5 },
      { label: 'string 4.0', value: '4.0' },
      { label: 'exponent string', value: '1e0' },
      { label: 'zero-padded string', value: '05' },
      { label: 'empty string', value: '' },
      { label: 'word five', value: 'five' },
      { label: 'full-width digit', value: '５' },
      { label: 'leading space', value: ' 5' },
      { label: 'trailing newline', value: '5\n' },
      { label: 'plus sign', value: '+5' },
      { label: 'negative one', value: '-1' },
      { label: 'undefined', value: undefined },
      { label: 'null', value: null },
      { label: 'true', value: true },
      { label: 'object', value: {} },
      { label: 'empty list', value: [] },
      { label: 'list of one', value: ['5'] },
      { label: 'unsafe integer', value: Number.MAX_SAFE_INTEGER + 2 },
      { label: 'NaN', value: Number.NaN },
      { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    ])('rejects $label', ({ value }) => {
      // Act
      const parse = () => parseRating(value);

      // Assess
      expect(parse).toThrow(ValidationError);
      expect(parse).toThrow(expect.objectContaining({ field: 'rating' }));
    });

    it('names the rejected value', () => {
      // Act
      const parse = () => parseRating('five');

      // Assess
      expect(parse).toThrow('Rating must be a whole number from 1 to 5, got "five".');
    });

    it('asks for a rating when missing', () => {
      // Act
      const parse = () => parseRating(undefined);

      // Assess
      expect(parse).toThrow('Choose a rating from 1 to 5 stars.');
    });
  });

  describe('parseReviewText', () => {
    it('trims surrounding whitespace', () => {
      // Act
      const text = parseReviewText('  \n\tGreat coffee \t\n ');

      // Assess
      expect(text).toBe('Great coffee');
    });

    it('converts CRLF to LF', () => {
      // Act
      const text = parseReviewText('Great coffee\r\nFriendly staff');

      // Assess
      expect(text).toBe('Great coffee\nFriendly staff');
    });

    it('converts lone CR to LF', () => {
      // Act
      const text = parseReviewText('Great coffee\rFriendly staff');

      // Assess
      expect(text).toBe('Great coffee\nFriendly staff');
    });

    it('converts mixed line breaks', () => {
      // Act
      const text = parseReviewText('Great coffee\r\n\r\n\rFriendly staff');

      // Assess
      expect(text).toBe('Great coffee\n\n\nFriendly staff');
    });

    it('keeps inner tabs and newlines', () => {
      // Act
      const text = parseReviewText('Coffee:\t5/5\nCake:\t4/5');

      // Assess
      expect(text).toBe('Coffee:\t5/5\nCake:\t4/5');
    });

    it.each([
      { label: 'undefined', value: undefined },
      { label: 'null', value: null },
    ])('returns empty text for $label', ({ value }) => {
      // Act
      const text = parseReviewText(value);

      // Assess
      expect(text).toBe('');
    });

    it('accepts 5,000 emoji', () => {
      // Prepare
      const value = EMOJI.repeat(5_000);

      // Act
      const text = parseReviewText(value);

      // Assess
      expect(text).toBe(value);
    });

    it('rejects 5,001 emoji', () => {
      // Act
      const parse = () => parseReviewText(EMOJI.repeat(5_001));

      // Assess
      expect(parse).toThrow(ValidationError);
      expect(parse).toThrow(expect.objectContaining({ field: 'text' }));
    });

    it('rejects 5,001 ASCII characters', () => {
      // Act
      const parse = () => parseReviewText('a'.repeat(5_001));

      // Assess
      expect(parse).toThrow('Text is 5,001 characters long. Shorten it to 5,000 or fewer.');
    });

    it('counts length after trimming', () => {
      // Prepare
      const value = `  ${'a'.repeat(5_000)}\n  `;

      // Act
      const text = parseReviewText(value);

      // Assess
      expect(text).toHaveLength(5_000);
    });

    it.each([
      { label: 'NUL', character: '\u0000' },
      { label: 'BEL', character: '\u0007' },
      { label: 'backspace', character: '\u0008' },
      { label: 'vertical tab', character: '\u000B' },
      { label: 'form feed', character: '\u000C' },
      { label: 'ESC', character: '\u001B' },
      { label: 'unit separator', character: '\u001F' },
      { label: 'DEL', character: '\u007F' },
      { label: 'C1 PAD', character: '\u0080' },
      { label: 'C1 NEL', character: '\u0085' },
      { label: 'C1 CSI', character: '\u009B' },
      { label: 'C1 APC', character: '\u009F' },
    ])('rejects inner $label character', ({ character }) => {
      // Act
      const parse = () => parseReviewText(`Great${character}coffee`);

      // Assess
      expect(parse).toThrow(ValidationError);
      expect(parse).toThrow(expect.objectContaining({ field: 'text' }));
    });

    it.each([
      { label: 'NUL', character: '\u0000' },
      { label: 'ESC', character: '\u001B' },
      { label: 'C1 NEL', character: '\u0085' },
    ])('rejects trailing $label character', ({ character }) => {
      // Act
      const parse = () => parseReviewText(`Great coffee${character}`);

      // Assess
      expect(parse).toThrow(ValidationError);
    });

    it.each([
      { label: 'number', value: 42 },
      { label: 'boolean', value: true },
      { label: 'object', value: { text: 'Great coffee' } },
      { label: 'list', value: ['Great coffee'] },
    ])('rejects $label as text', ({ value }) => {
      // Act
      const parse = () => parseReviewText(value);

      // Assess
      expect(parse).toThrow(ValidationError);
      expect(parse).toThrow(expect.objectContaining({ field: 'text' }));
    });
  });

  describe('readSingleField', () => {
    it('returns a single value', () => {
      // Act
      const value = readSingleField({ rating: '5' }, 'rating');

      // Assess
      expect(value).toBe('5');
    });

    it.each([
      { label: 'repeated field', value: ['4', '5'] },
      { label: 'empty list', value: [] },
    ])('rejects $label', ({ value }) => {
      // Act
      const read = () => readSingleField({ rating: value }, 'rating');

      // Assess
      expect(read).toThrow(ValidationError);
      expect(read).toThrow(expect.objectContaining({ field: 'rating' }));
    });

    it('returns undefined when missing', () => {
      // Act
      const value = readSingleField({ text: 'Great coffee' }, 'rating');

      // Assess
      expect(value).toBeUndefined();
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('ignores inherited %s', (name) => {
      // Act
      const value = readSingleField({}, name);

      // Assess
      expect(value).toBeUndefined();
    });

    it('returns own __proto__ field', () => {
      // Prepare
      // JSON.parse creates `__proto__` as an own property, unlike an object literal.
      const fields = JSON.parse('{"__proto__": "5"}') as Record<string, unknown>;

      // Act
      const value = readSingleField(fields, '__proto__');

      // Assess
      expect(value).toBe('5');
    });

    it('reads null-prototype fields', () => {
      // Prepare
      const fields: Record<string, unknown> = Object.assign(Object.create(null) as object, { rating: '4' });

      // Act
      const value = readSingleField(fields, 'rating');

      // Assess
      expect(value).toBe('4');
    });
  });
});
