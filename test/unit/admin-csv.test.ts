import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsvCell, formatCsvRecord, neutralizeFormula } from '../../src/core/admin/csv.ts';
import { EXPORT_COLUMNS, exportReviewsCsv, UTF8_BOM } from '../../src/core/admin/export.ts';
import type { Customer } from '../../src/core/customers.ts';
import type { Review } from '../../src/core/reviews.ts';
import { InMemoryCustomerStore, InMemoryReviewStore } from '../helpers/fakes.ts';

describe('formatCsvCell', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line one\nline two', '"line one\nline two"'],
    ['line one\r\nline two', '"line one\r\nline two"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['semi;colon', '"semi;colon"'],
    ['Zoë ☕ 👍🏽 日本語', 'Zoë ☕ 👍🏽 日本語'],
  ])('writes %j as %j', (text, expected) => {
    expect(formatCsvCell(text)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("http://example.test")', `"'=HYPERLINK(""http://example.test"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+2', "'\t=1+2"],
    ['\r=1+2', `"'\r=1+2"`],
    ["=1+2,'x'", `"'=1+2,'x'"`],
  ])('neutralizes formula %j as %j', (text, expected) => {
    expect(formatCsvCell(text)).toBe(expected);
  });

  it('leaves a trigger character alone after the first position', () => {
    expect(formatCsvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('leaves text starting with a quote alone', () => {
    expect(neutralizeFormula("'quoted")).toBe("'quoted");
  });

  it.each([
    [5, '5'],
    [-3, '-3'],
    [4.25, '4.25'],
    [0, '0'],
  ])('writes number %j as is', (value, expected) => {
    expect(formatCsvCell(value)).toBe(expected);
  });

  it('prefixes negative numbers written as text', () => {
    expect(formatCsvCell('-3')).toBe("'-3");
  });

  it('writes ISO times unchanged', () => {
    expect(formatCsvCell('2026-03-01T09:30:00.000Z')).toBe('2026-03-01T09:30:00.000Z');
  });

  it('writes missing values as empty fields', () => {
    expect(formatCsvCell(undefined)).toBe('');
    expect(formatCsvCell(null)).toBe('');
  });

  it('rejects a number that is not finite', () => {
    expect(() => formatCsvCell(Number.NaN)).toThrow(RangeError);
    expect(() => formatCsvCell(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('formatCsvRecord', () => {
  it('separates fields with commas and ends with CRLF', () => {
    expect(formatCsvRecord(['a', 1, undefined, 'b c'])).toBe('a,1,,b c\r\n');
  });

  it('round-trips hard text through csv-parse', () => {
    const cells = ['a, "quoted", b', 'two\nlines\r\nand CRLF', 'Zoë ☕ 👍🏽', '  spaces  ', ''];

    const records = parse(formatCsvRecord(cells) + formatCsvRecord(cells)) as string[][];

    expect(records).toEqual([cells, cells]);
  });
});

describe('exportReviewsCsv', () => {
  it('writes the BOM and header once before the rows', async () => {
    const { deps } = buildStores(3);

    const chunks = await collect(exportReviewsCsv(deps));
    const csv = chunks.join('');

    expect(chunks[0]).toBe(`${UTF8_BOM}${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(csv.split(UTF8_BOM)).toHaveLength(2);
    expect(chunks).toHaveLength(4);
  });

  it('pages through more than one page of reviews', async () => {
    const { deps } = buildStores(250);

    const rows = parseExport(await collect(exportReviewsCsv(deps)));

    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((row) => row.review_id)).size).toBe(250);
  });

  it('lists new reviews first, newest first', async () => {
    const { deps, reviews } = buildStores(4);
    const approved = [...reviews.reviews.values()][3];
    if (approved) {
      reviews.reviews.set(approved.reviewId, { ...approved, status: 'approved', moderatedBy: 'ana', moderatedAt: '2026-03-10T00:00:00.000Z' });
    }

    const rows = parseExport(await collect(exportReviewsCsv(deps)));

    expect(rows.map((row) => row.status)).toEqual(['new', 'new', 'new', 'approved']);
    expect(rows.slice(0, 3).map((row) => row.created_at)).toEqual([...rows.slice(0, 3).map((row) => row.created_at)].sort().reverse());
    expect(rows[3]?.moderated_by).toBe('ana');
  });

  it('exports only the requested status', async () => {
    const { deps, reviews } = buildStores(5);
    const first = [...reviews.reviews.values()][0];
    if (first) {
      reviews.reviews.set(first.reviewId, { ...first, status: 'rejected', moderationReason: '=spam' });
    }

    const rows = parseExport(await collect(exportReviewsCsv(deps, { status: 'rejected' })));

    expect(rows).toHaveLength(1);
    expect(rows[0]?.moderation_reason).toBe("'=spam");
  });

  it('writes names but never phone numbers', async () => {
    const { deps } = buildStores(2);

    const csv = (await collect(exportReviewsCsv(deps))).join('');
    const rows = parseExport([csv]);

    expect(rows.map((row) => row.customer_name)).toEqual(['Customer 1', 'Customer 0']);
    expect(csv).not.toContain('+1415555');
  });

  it('leaves the name empty when the customer is gone', async () => {
    const { deps, customers } = buildStores(1);
    customers.customers.clear();

    const rows = parseExport(await collect(exportReviewsCsv(deps)));

    expect(rows[0]?.customer_name).toBe('');
  });

  it('reads each customer once', async () => {
    const { deps, customers, reviews } = buildStores(150, { customerCount: 7 });
    const readIds: string[] = [];
    const get = customers.get.bind(customers);
    customers.get = async (customerId) => {
      readIds.push(customerId);
      return get(customerId);
    };

    await collect(exportReviewsCsv(deps));

    expect(reviews.reviews.size).toBe(150);
    expect(readIds).toHaveLength(7);
  });

  it('neutralizes hostile text and keeps the rating a number', async () => {
    const { deps, reviews } = buildStores(1);
    const review = [...reviews.reviews.values()][0];
    if (review) {
      reviews.reviews.set(review.reviewId, { ...review, rating: 1, text: '=HYPERLINK("http://example.test","click")' });
    }

    const rows = parseExport(await collect(exportReviewsCsv(deps)));

    expect(rows[0]?.text).toBe('\'=HYPERLINK("http://example.test","click")');
    expect(rows[0]?.rating).toBe('1');
  });
});

function buildStores(reviewCount: number, options: { customerCount?: number } = {}) {
  const reviews = new InMemoryReviewStore();
  const customers = new InMemoryCustomerStore();
  const customerCount = options.customerCount ?? reviewCount;

  for (let index = 0; index < customerCount; index += 1) {
    customers.add(buildCustomer(index));
  }

  for (let index = 0; index < reviewCount; index += 1) {
    const review: Review = {
      reviewId: index.toString(16).padStart(32, '0'),
      invitationId: `inv${index}`,
      customerId: `cus_${index % customerCount}`,
      rating: (index % 5) + 1,
      text: `Review number ${index}`,
      status: 'new',
      createdAt: new Date(Date.UTC(2026, 2, 1) + index * 60_000).toISOString(),
    };
    reviews.reviews.set(review.reviewId, review);
  }

  return { deps: { reviews, customers }, reviews, customers };
}

function buildCustomer(index: number): Customer {
  return {
    customerId: `cus_${index}`,
    phone: `+1415555${String(index).padStart(4, '0')}`,
    name: `Customer ${index}`,
    status: 'active',
    smsConsent: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

async function collect(chunks: AsyncGenerator<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const chunk of chunks) {
    collected.push(chunk);
  }

  return collected;
}

function parseExport(chunks: string[]): Record<string, string>[] {
  return parse(chunks.join(''), { bom: true, columns: true }) as Record<string, string>[];
}
