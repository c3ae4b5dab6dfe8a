import { describe, expect, it } from 'vitest';
import { analyzeSms, GSM_BASIC_SET, GSM_EXTENSION_SET, isGsm7 } from '../../src/core/sms-encoding.ts';

const EMOJI = '😀';

describe('analyzeSms', () => {
  describe('GSM-7 text', () => {
    it.each([
      { length: 1, segments: 1, perSegment: 160 },
      { length: 160, segments: 1, perSegment: 160 },
      { length: 161, segments: 2, perSegment: 153 },
      { length: 306, segments: 2, perSegment: 153 },
      { length: 307, segments: 3, perSegment: 153 },
      { length: 459, segments: 3, perSegment: 153 },
      { length: 460, segments: 4, perSegment: 153 },
    ])('splits $length characters into $segments', ({ length, segments, perSegment }) => {
      // Act
      const analysis = analyzeSms('a'.repeat(length));

      // Assess
      expect(analysis.encoding).toBe('GSM-7');
      expect(analysis.units).toBe(length);
      expect(analysis.segments).toBe(segments);
      expect(analysis.perSegment).toBe(perSegment);
    });

    it('counts empty text as one segment', () => {
      // Act
      const analysis = analyzeSms('');

      // Assess
      expect(analysis).toEqual({ encoding: 'GSM-7', units: 0, segments: 1, perSegment: 160 });
    });

    it('keeps every basic character GSM-7', () => {
      // Prepare
      const text =
        '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
        '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

      // Act
      const analysis = analyzeSms(text);

      // Assess
      expect(analysis.encoding).toBe('GSM-7');
      expect(analysis.units).toBe(127);
      expect(GSM_BASIC_SET.size).toBe(127);
    });

    it('uses Greek capitals, not look-alikes', () => {
      // Prepare
      const greekCodePoints = [0x394, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e];

      // Act
      const missing = greekCodePoints.filter((codePoint) => !GSM_BASIC_SET.has(String.fromCodePoint(codePoint)));

      // Assess
      expect(missing).toEqual([]);
    });
  });

  describe('extension characters', () => {
    it.each([...'\f^{}\\[~]|€'])('counts %j as two units', (character) => {
      // Act
      const analysis = analyzeSms(character);

      // Assess
      expect(analysis.encoding).toBe('GSM-7');
      expect(analysis.units).toBe(2);
    });

    it('contains exactly ten characters', () => {
      // Assess
      expect(GSM_EXTENSION_SET.size).toBe(10);
    });

    it('fits 160 units in one segment', () => {
      // Act
      const analysis = analyzeSms('a'.repeat(158) + '€');

      // Assess
      expect(analysis.units).toBe(160);
      expect(analysis.segments).toBe(1);
    });

    it('splits at 161 units', () => {
      // Act
      const analysis = analyzeSms('a'.repeat(159) + '€');

      // Assess
      expect(analysis.units).toBe(161);
      expect(analysis.segments).toBe(2);
    });

    it('keeps euro sign whole across parts', () => {
      // Prepare: 306 units would fit two parts of 153, but the euro sign at units 153 and 154 cannot
      // be split, so part 1 ends after 152 units and the last "a" spills into part 3.
      const text = 'a'.repeat(152) + '€' + 'a'.repeat(152);

      // Act
      const analysis = analyzeSms(text);

      // Assess
      expect(analysis.units).toBe(306);
      expect(analysis.segments).toBe(3);
    });

    it('fills part exactly to 153', () => {
      // Act
      const analysis = analyzeSms('a'.repeat(151) + '€' + 'a'.repeat(153));

      // Assess
      expect(analysis.units).toBe(306);
      expect(analysis.segments).toBe(2);
    });
  });

  describe('encoding choice', () => {
    it('keeps capital Ç GSM-7', () => {
      // Act
      const analysis = analyzeSms('Ça va');

      // Assess
      expect(analysis.encoding).toBe('GSM-7');
    });

    it('switches lower-case ç to UCS-2', () => {
      // Act
      const analysis = analyzeSms('Merci, François');

      // Assess
      expect(analysis.encoding).toBe('UCS-2');
    });

    it.each([
      { name: 'emoji', text: `Thanks ${EMOJI}` },
      { name: 'curly apostrophe', text: 'We’d love it' },
      { name: 'curly quotes', text: '“great”' },
      { name: 'em dash', text: 'Hi — thanks' },
      { name: 'backtick', text: 'use `code`' },
      { name: 'tab', text: 'a\tb' },
      { name: 'combining accent', text: 'Cafe\u0301' },
    ])('switches $name to UCS-2', ({ text }) => {
      // Act
      const analysis = analyzeSms(text);

      // Assess
      expect(analysis.encoding).toBe('UCS-2');
    });
  });

  describe('UCS-2 text', () => {
    it.each([
      { units: 70, segments: 1, perSegment: 70 },
      { units: 71, segments: 2, perSegment: 67 },
      { units: 134, segments: 2, perSegment: 67 },
      { units: 135, segments: 3, perSegment: 67 },
    ])('splits $units units into $segments', ({ units, segments, perSegment }) => {
      // Prepare: the emoji takes 2 of the units.
      const text = EMOJI + 'a'.repeat(units - 2);

      // Act
      const analysis = analyzeSms(text);

      // Assess
      expect(analysis.encoding).toBe('UCS-2');
      expect(analysis.units).toBe(units);
      expect(analysis.segments).toBe(segments);
      expect(analysis.perSegment).toBe(perSegment);
    });

    it('counts emoji as two units', () => {
      // Act
      const analysis = analyzeSms(EMOJI);

      // Assess
      expect(analysis.units).toBe(2);
    });

    it('counts BMP character as one unit', () => {
      // Act
      const analysis = analyzeSms('—');

      // Assess
      expect(analysis.units).toBe(1);
    });

    it('keeps emoji whole across parts', () => {
      // Prepare: 134 units would fit two parts of 67, but the emoji at units 67 and 68 moves to part 2,
      // which then overflows into part 3.
      const text = '—' + 'a'.repeat(65) + EMOJI + 'a'.repeat(66);

      // Act
      const analysis = analyzeSms(text);

      // Assess
      expect(analysis.units).toBe(134);
      expect(analysis.segments).toBe(3);
    });
  });
});

describe('isGsm7', () => {
  it('accepts basic and extension characters', () => {
    // Assess
    expect(isGsm7('Ç€{}')).toBe(true);
  });

  it('rejects lower-case ç', () => {
    // Assess
    expect(isGsm7('ç')).toBe(false);
  });
});
