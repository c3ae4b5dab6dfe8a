import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import {
  countryOfPhone,
  isValidTimeZone,
  localDateTime,
  resolveTimeZone,
  utcOffsetMinutes,
  zonesOfCountry,
} from '../../src/core/time-zones.ts';

const NEW_YORK_PHONE = '+12125550123';
const SAN_FRANCISCO_PHONE = '+14155550132';
const TORONTO_PHONE = '+14165550123';
const JAMAICA_PHONE = '+18765550123';
const BERLIN_PHONE = '+4930901820';
const SYDNEY_PHONE = '+61291234567';
const ALMATY_PHONE = '+77012345678';

const BUSINESS_ZONE = 'America/Chicago';
const AT = new Date('2026-06-15T12:00:00Z');

describe('countryOfPhone', () => {
  it.each([
    [NEW_YORK_PHONE, 'US'],
    [SAN_FRANCISCO_PHONE, 'US'],
    [TORONTO_PHONE, 'CA'],
    [JAMAICA_PHONE, 'JM'],
    [BERLIN_PHONE, 'DE'],
    [SYDNEY_PHONE, 'AU'],
  ])('maps %s to %s', (phone, country) => {
    // Act
    const result = countryOfPhone(phone);

    // Assess
    expect(result).toBe(country);
  });

  it('returns undefined for a national number', () => {
    // Act
    const result = countryOfPhone('2125550123');

    // Assess
    expect(result).toBeUndefined();
  });

  it('returns undefined for text', () => {
    // Act
    const result = countryOfPhone('call me');

    // Assess
    expect(result).toBeUndefined();
  });
});

describe('zonesOfCountry', () => {
  it('lists Berlin and Zurich for Germany', () => {
    // Act
    const zones = zonesOfCountry('DE');

    // Assess
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('Europe/Zurich');
    expect(zones).toHaveLength(2);
  });

  it('lists several zones for Australia', () => {
    // Act
    const zones = zonesOfCountry('AU');

    // Assess
    expect(zones).toContain('Australia/Sydney');
    expect(zones).toContain('Australia/Perth');
  });

  it('accepts a lower-case country', () => {
    // Act
    const zones = zonesOfCountry(' fr ');

    // Assess
    expect(zones).toEqual(['Europe/Paris']);
  });

  it('returns no zones for an unknown country', () => {
    // Act
    const zones = zonesOfCountry('XX');

    // Assess
    expect(zones).toEqual([]);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'UTC'])('accepts %s', (zone) => {
    // Act
    const result = isValidTimeZone(zone);

    // Assess
    expect(result).toBe(true);
  });

  it.each(['Mars/Olympus', '', '+01:00', '-05:00', 'Europe/Berlin '])('rejects "%s"', (zone) => {
    // Act
    const result = isValidTimeZone(zone);

    // Assess
    expect(result).toBe(false);
  });
});

describe('resolveTimeZone', () => {
  describe('phone rule', () => {
    it('uses Berlin for a German number', () => {
      // Act
      const result = resolveTimeZone({ phone: BERLIN_PHONE }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'Europe/Berlin', source: 'phone' });
    });

    it('prefers the phone over the customer zone', () => {
      // Prepare
      const customer = { phone: BERLIN_PHONE, timeZone: 'America/New_York' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'Europe/Berlin', source: 'phone' });
    });

    it('uses the zone of a one-zone Caribbean +1 country', () => {
      // Act
      const result = resolveTimeZone({ phone: JAMAICA_PHONE }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'America/Jamaica', source: 'phone' });
    });

    it('uses Kazakhstan zones once they agree', () => {
      // Kazakhstan moved all its zones to UTC+5 on 2024-03-01. In 2023 they still differed.

      // Act
      const in2026 = resolveTimeZone({ phone: ALMATY_PHONE }, BUSINESS_ZONE, AT);
      const in2023 = resolveTimeZone({ phone: ALMATY_PHONE }, BUSINESS_ZONE, new Date('2023-06-15T12:00:00Z'));

      // Assess
      expect(in2026.source).toBe('phone');
      expect(in2023).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });
  });

  describe('US numbers', () => {
    it('ignores the area code of a New York number', () => {
      // Act
      const result = resolveTimeZone({ phone: NEW_YORK_PHONE }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });

    it('ignores the area code of a San Francisco number', () => {
      // Act
      const result = resolveTimeZone({ phone: SAN_FRANCISCO_PHONE }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });

    it('uses the customer zone for a New York number', () => {
      // Prepare
      const customer = { phone: NEW_YORK_PHONE, timeZone: 'America/New_York' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'America/New_York', source: 'customer' });
    });

    it('uses the customer zone for a San Francisco number', () => {
      // Prepare
      const customer = { phone: SAN_FRANCISCO_PHONE, timeZone: 'America/Los_Angeles' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'America/Los_Angeles', source: 'customer' });
    });

    it('uses the business zone for a Canadian number', () => {
      // Act
      const result = resolveTimeZone({ phone: TORONTO_PHONE }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });
  });

  describe('Australian numbers', () => {
    it('uses the business zone without a customer zone', () => {
      // Act
      const result = resolveTimeZone({ phone: SYDNEY_PHONE }, 'Europe/London', AT);

      // Assess
      expect(result).toEqual({ zone: 'Europe/London', source: 'business' });
    });

    it('uses the customer zone when set', () => {
      // Prepare
      const customer = { phone: SYDNEY_PHONE, timeZone: 'Australia/Perth' };

      // Act
      const result = resolveTimeZone(customer, 'Europe/London', AT);

      // Assess
      expect(result).toEqual({ zone: 'Australia/Perth', source: 'customer' });
    });
  });

  describe('fallbacks', () => {
    it('uses the business zone for an invalid customer zone', () => {
      // Prepare
      const customer = { phone: SYDNEY_PHONE, timeZone: 'Australia/Atlantis' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });

    it('uses the business zone for an offset as customer zone', () => {
      // Prepare
      const customer = { phone: NEW_YORK_PHONE, timeZone: '-05:00' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });

    it('trims spaces around the customer zone', () => {
      // Prepare
      const customer = { phone: NEW_YORK_PHONE, timeZone: ' America/Denver ' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'America/Denver', source: 'customer' });
    });

    it('uses the customer zone without a phone', () => {
      // Act
      const result = resolveTimeZone({ timeZone: 'Asia/Tokyo' }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: 'Asia/Tokyo', source: 'customer' });
    });

    it('ignores the address country', () => {
      // Prepare
      const customer = { phone: NEW_YORK_PHONE, country: 'DE' };

      // Act
      const result = resolveTimeZone(customer, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });

    it('uses the business zone for an unknown number', () => {
      // Act
      const result = resolveTimeZone({ phone: '+999123456' }, BUSINESS_ZONE, AT);

      // Assess
      expect(result).toEqual({ zone: BUSINESS_ZONE, source: 'business' });
    });
  });

  it('rejects an invalid business zone', () => {
    // Act
    const resolve = () => resolveTimeZone({ phone: BERLIN_PHONE }, 'Central Time', AT);

    // Assess
    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow('invalid business time zone "Central Time": expected an IANA name such as America/New_York');
  });
});

describe('localDateTime', () => {
  it('gives hour 0 at midnight', () => {
    // Act
    const local = localDateTime(new Date('2026-06-15T22:00:00Z'), 'Europe/Berlin');

    // Assess
    expect(local).toEqual({ year: 2026, month: 6, day: 16, hour: 0, minute: 0, second: 0 });
  });
});

describe('utcOffsetMinutes', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'Europe/Berlin', 60],
    ['2026-07-15T12:00:00Z', 'Europe/Berlin', 120],
    ['2026-01-15T12:00:00Z', 'America/New_York', -300],
    ['2026-07-15T12:00:00Z', 'America/New_York', -240],
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', 330],
    ['2026-01-15T12:00:00Z', 'America/St_Johns', -210],
  ])('at %s in %s is %i', (iso, zone, offset) => {
    // Act
    const result = utcOffsetMinutes(new Date(iso), zone);

    // Assess
    expect(result).toBe(offset);
  });
});
