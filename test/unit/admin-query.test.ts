import { describe, expect, it } from 'vitest';
import { parseReviewQuery } from '../../src/core/admin/review-query.ts';
import { ValidationError } from '../../src/core/errors.ts';

describe('parseReviewQuery', () => {
  it('defaults to every status, no filter and pages of 25', () => {
    expect(parseReviewQuery({}, 'UTC')).toEqual({ status: 'all', filter: {}, limit: 25 });
  });

  it('reads ratings given once, as a comma list, or repeated, without duplicates', () => {
    expect(parseReviewQuery({ rating: '4' }, 'UTC').filter.ratings).toEqual([4]);
    expect(parseReviewQuery({ rating: '5, 4,4' }, 'UTC').filter.ratings).toEqual([4, 5]);
    expect(parseReviewQuery({ rating: ['1', '2,3'] }, 'UTC').filter.ratings).toEqual([1, 2, 3]);
  });

  it('turns days into the business zone’s midnights, with the last day included', () => {
    const query = parseReviewQuery({ from: '2026-12-01', to: '2026-12-03' }, 'America/New_York');

    expect(query.filter.from).toBe('2026-12-01T05:00:00.000Z');
    expect(query.filter.before).toBe('2026-12-04T05:00:00.000Z');
  });

  it('follows a daylight saving change inside the range', () => {
    const query = parseReviewQuery({ from: '2026-03-29', to: '2026-03-29' }, 'Europe/Berlin');

    expect(query.filter.from).toBe('2026-03-28T23:00:00.000Z');
    expect(query.filter.before).toBe('2026-03-29T22:00:00.000Z');
  });

  it.each([
    [{ status: 'archived' }, 'status', 'archived'],
    [{ rating: '6' }, 'rating', '6'],
    [{ rating: '4.5' }, 'rating', '4.5'],
    [{ rating: 'five' }, 'rating', 'five'],
    [{ from: '2026-02-30' }, 'from', '2026-02-30'],
    [{ to: '12/01/2026' }, 'to', '12/01/2026'],
    [{ limit: '0' }, 'limit', '0'],
    [{ limit: '101' }, 'limit', '101'],
    [{ limit: '1e1' }, 'limit', '1e1'],
  ])('refuses %o, naming the field and the value', (raw, field, value) => {
    const attempt = () => parseReviewQuery(raw, 'UTC');

    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(new RegExp(`^${field} .*"${value.replace('.', '\\.')}"`));
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => parseReviewQuery({ from: '2026-12-05', to: '2026-12-01' }, 'UTC')).toThrow('to (2026-12-01) must not be before from (2026-12-05)');
  });
});
