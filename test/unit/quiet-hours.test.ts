import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import {
  DEFAULT_SENDING_WINDOW,
  isWithinSendingWindow,
  localHour,
  nextWindowStart,
  parseSendingWindow,
} from '../../src/core/quiet-hours.ts';
import { resolveTimeZone } from '../../src/core/time-zones.ts';

describe('DEFAULT_SENDING_WINDOW', () => {
  it('runs from 09:00 to 20:00', () => {
    // Assess
    expect(DEFAULT_SENDING_WINDOW).toEqual({ startHour: 9, endHour: 20 });
  });
});

describe('localHour', () => {
  it.each([
    ['2026-06-15T22:00:00Z', 'Europe/Berlin', 0],
    ['2026-06-15T21:59:59Z', 'Europe/Berlin', 23],
    ['2026-01-15T05:00:00Z', 'America/New_York', 0],
    ['2026-01-15T08:30:00Z', 'America/Los_Angeles', 0],
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', 17],
  ])('at %s in %s is %i', (iso, zone, hour) => {
    // Act
    const result = localHour(new Date(iso), zone);

    // Assess
    expect(result).toBe(hour);
  });

  it('rejects an invalid zone', () => {
    // Act
    const read = () => localHour(new Date('2026-06-15T12:00:00Z'), 'Mars/Olympus');

    // Assess
    expect(read).toThrow(RangeError);
  });
});

describe('isWithinSendingWindow', () => {
  describe('German number in June', () => {
    // Berlin is UTC+2 in June, so 08:59 local is 06:59 UTC.
    const zone = resolveTimeZone({ phone: '+4930901820' }, 'America/Chicago', new Date('2026-06-15T12:00:00Z')).zone;

    it.each([
      ['08:59', '2026-06-15T06:59:00Z', false],
      ['09:00', '2026-06-15T07:00:00Z', true],
      ['19:59', '2026-06-15T17:59:00Z', true],
      ['20:00', '2026-06-15T18:00:00Z', false],
    ])('at %s Berlin time gives %s', (_local, iso, expected) => {
      // Act
      const result = isWithinSendingWindow(new Date(iso), zone);

      // Assess
      expect(zone).toBe('Europe/Berlin');
      expect(result).toBe(expected);
    });
  });

  it('opens in New York before Los Angeles', () => {
    // Prepare
    const at = new Date('2026-01-15T14:30:00Z');

    // Act
    const newYork = isWithinSendingWindow(at, 'America/New_York');
    const losAngeles = isWithinSendingWindow(at, 'America/Los_Angeles');

    // Assess
    expect(newYork).toBe(true);
    expect(losAngeles).toBe(false);
  });

  it('is closed at midnight', () => {
    // Act
    const result = isWithinSendingWindow(new Date('2026-06-15T22:00:00Z'), 'Europe/Berlin');

    // Assess
    expect(result).toBe(false);
  });

  it('applies a custom window', () => {
    // Prepare
    const window = { startHour: 8, endHour: 21 };

    // Act
    const at0800 = isWithinSendingWindow(new Date('2026-06-15T06:00:00Z'), 'Europe/Berlin', window);
    const at2059 = isWithinSendingWindow(new Date('2026-06-15T18:59:00Z'), 'Europe/Berlin', window);
    const at2100 = isWithinSendingWindow(new Date('2026-06-15T19:00:00Z'), 'Europe/Berlin', window);

    // Assess
    expect(at0800).toBe(true);
    expect(at2059).toBe(true);
    expect(at2100).toBe(false);
  });

  describe('daylight saving time days', () => {
    it.each([
      ['New York spring forward, 08:59 EDT', '2026-03-08T12:59:00Z', 'America/New_York', false],
      ['New York spring forward, 09:00 EDT', '2026-03-08T13:00:00Z', 'America/New_York', true],
      ['New York fall back, 08:59 EST', '2026-11-01T13:59:00Z', 'America/New_York', false],
      ['New York fall back, 09:00 EST', '2026-11-01T14:00:00Z', 'America/New_York', true],
      ['Berlin spring forward, 08:59 CEST', '2026-03-29T06:59:00Z', 'Europe/Berlin', false],
      ['Berlin spring forward, 09:00 CEST', '2026-03-29T07:00:00Z', 'Europe/Berlin', true],
    ])('%s gives %s', (_case, iso, zone, expected) => {
      // Act
      const result = isWithinSendingWindow(new Date(iso), zone);

      // Assess
      expect(result).toBe(expected);
    });
  });
});

describe('nextWindowStart', () => {
  describe('ordinary days', () => {
    it('gives 09:00 next day from 20:30', () => {
      // Prepare
      const at = new Date('2026-06-15T18:30:00Z'); // 20:30 in Berlin

      // Act
      const result = nextWindowStart(at, 'Europe/Berlin');

      // Assess
      expect(result.toISOString()).toBe('2026-06-16T07:00:00.000Z');
    });

    it('gives 09:00 same day from 03:00', () => {
      // Prepare
      const at = new Date('2026-06-15T01:00:00Z'); // 03:00 in Berlin

      // Act
      const result = nextWindowStart(at, 'Europe/Berlin');

      // Assess
      expect(result.toISOString()).toBe('2026-06-15T07:00:00.000Z');
    });

    it('gives the same instant at 09:00', () => {
      // Prepare
      const at = new Date('2026-06-15T07:00:00Z');

      // Act
      const result = nextWindowStart(at, 'Europe/Berlin');

      // Assess
      expect(result.toISOString()).toBe('2026-06-15T07:00:00.000Z');
    });

    it('gives the next opening inside the window', () => {
      // Prepare
      const at = new Date('2026-06-15T10:00:00Z'); // 12:00 in Berlin

      // Act
      const result = nextWindowStart(at, 'Europe/Berlin');

      // Assess
      expect(result.toISOString()).toBe('2026-06-16T07:00:00.000Z');
    });

    it('gives 09:00 in a half-hour zone', () => {
      // Prepare
      const at = new Date('2026-01-15T16:00:00Z'); // 21:30 in Kolkata

      // Act
      const result = nextWindowStart(at, 'Asia/Kolkata');

      // Assess
      expect(result.toISOString()).toBe('2026-01-16T03:30:00.000Z');
    });

    it('applies a custom window', () => {
      // Prepare
      const at = new Date('2026-01-15T02:00:00Z'); // 21:00 in New York

      // Act
      const result = nextWindowStart(at, 'America/New_York', { startHour: 8, endHour: 21 });

      // Assess
      expect(result.toISOString()).toBe('2026-01-15T13:00:00.000Z');
    });
  });

  describe('daylight saving time days', () => {
    it.each([
      ['New York, evening before spring forward', '2026-03-08T01:30:00Z', 'America/New_York', '2026-03-08T13:00:00.000Z'],
      ['New York, night of spring forward', '2026-03-08T05:30:00Z', 'America/New_York', '2026-03-08T13:00:00.000Z'],
      ['New York, evening before fall back', '2026-11-01T01:00:00Z', 'America/New_York', '2026-11-01T14:00:00.000Z'],
      ['New York, night of fall back', '2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T14:00:00.000Z'],
      ['Berlin, evening before spring forward', '2026-03-28T19:30:00Z', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
      ['Berlin, evening before fall back', '2026-10-24T19:00:00Z', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
      ['Sydney, evening before fall back', '2026-04-04T10:00:00Z', 'Australia/Sydney', '2026-04-04T23:00:00.000Z'],
    ])('%s', (_case, iso, zone, expected) => {
      // Act
      const result = nextWindowStart(new Date(iso), zone);

      // Assess
      expect(result.toISOString()).toBe(expected);
      expect(localHour(result, zone)).toBe(9);
    });

    it('opens at the change when it skips the start hour', () => {
      // Prepare: New York clocks jump from 02:00 EST to 03:00 EDT at 07:00 UTC.
      const at = new Date('2026-03-08T05:00:00Z');

      // Act
      const result = nextWindowStart(at, 'America/New_York', { startHour: 2, endHour: 20 });

      // Assess
      expect(result.toISOString()).toBe('2026-03-08T07:00:00.000Z');
      expect(localHour(result, 'America/New_York')).toBe(3);
    });

    it('opens at the first of a repeated start hour', () => {
      // Prepare: New York runs 01:00-02:00 twice, first as EDT from 05:00 UTC, then as EST from 06:00 UTC.
      const at = new Date('2026-11-01T04:00:00Z');

      // Act
      const result = nextWindowStart(at, 'America/New_York', { startHour: 1, endHour: 20 });

      // Assess
      expect(result.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    });

    it('passes over a skipped day', () => {
      // Prepare: Samoa skipped 2011-12-30. Its 2011-12-29 20:30 local time was 2011-12-30T06:30Z.
      const at = new Date('2011-12-30T06:30:00Z');

      // Act
      const result = nextWindowStart(at, 'Pacific/Apia');

      // Assess
      expect(result.toISOString()).toBe('2011-12-30T19:00:00.000Z'); // 2011-12-31 09:00 local
    });
  });

  it('rejects a window that never opens', () => {
    // Act
    const compute = () => nextWindowStart(new Date('2026-06-15T12:00:00Z'), 'Europe/Berlin', { startHour: 20, endHour: 9 });

    // Assess
    expect(compute).toThrow(RangeError);
    expect(compute).toThrow('invalid sending window 20-9');
  });
});

describe('parseSendingWindow', () => {
  it.each([
    ['09-20', 9, 20],
    ['9-20', 9, 20],
    [' 08-21 ', 8, 21],
    ['0-24', 0, 24],
  ])('parses "%s"', (value, startHour, endHour) => {
    // Act
    const window = parseSendingWindow(value);

    // Assess
    expect(window).toEqual({ startHour, endHour });
  });

  it.each(['9', 'nine-eight', '09:00-20:00', '09-20-21', '', '-1-20'])('rejects the form "%s"', (value) => {
    // Act
    const parse = () => parseSendingWindow(value);

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`sending window must be START-END in whole hours of local time, such as 09-20, got "${value}"`);
  });

  it.each(['20-09', '10-10', '09-25'])('rejects the hours "%s"', (value) => {
    // Act
    const parse = () => parseSendingWindow(value);

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`sending window must have 0 <= START < END <= 24 hours, such as 09-20, got "${value}"`);
  });

  it('names the setting in the error', () => {
    // Act
    const parse = () => parseSendingWindow('late', 'STARLING_SENDING_WINDOW');

    // Assess
    expect(parse).toThrow('STARLING_SENDING_WINDOW must be START-END in whole hours of local time, such as 09-20, got "late"');
  });
});
