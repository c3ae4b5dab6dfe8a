import { describe, expect, it } from 'vitest';
import { greetingName } from '../../src/core/customers.ts';

describe('customers', () => {
  describe('greetingName', () => {
    it.each([
      { name: 'Smith, John', expected: 'John' },
      { name: 'Doe, Jane (dup)', expected: 'Jane' },
      { name: '"Maya" Okafor', expected: 'Maya' },
      { name: '(unknown)', expected: 'unknown' },
      { name: '---', expected: '' },
      { name: "O'Brien, Seán", expected: 'Seán' },
    ])('greets $name as $expected', ({ name, expected }) => {
      // Act
      const greeting = greetingName({ name });

      // Assess
      expect(greeting).toBe(expected);
    });

    it('prefers the first name', () => {
      // Act
      const name = greetingName({ firstName: 'Augusta', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Augusta');
    });

    it('trims the first name', () => {
      // Act
      const name = greetingName({ firstName: '  Ada ', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('uses first word without first name', () => {
      // Act
      const name = greetingName({ name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('uses first word for blank first name', () => {
      // Act
      const name = greetingName({ firstName: '   ', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('skips whitespace around full name', () => {
      // Act
      const name = greetingName({ name: ' \t Ada \n Lovelace ' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('returns empty for blank names', () => {
      // Act
      const name = greetingName({ firstName: '', name: '  ' });

      // Assess
      expect(name).toBe('');
    });
  });
});
