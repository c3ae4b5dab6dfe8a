import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerImportError } from '../../src/import/csv-layout.ts';
import { decodeCsvFile, parseCustomerCsv } from '../../src/import/parse-customer-csv.ts';
import type { ParsedCustomerFile, ParsedCustomerRow } from '../../src/import/parse-customer-csv.ts';

const SHOPIFY_FIXTURE = readFileSync(new URL('../fixtures/customers-shopify.csv', import.meta.url), 'utf8');

const LEGACY_HEADER =
  'First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,' +
  'Accepts Marketing,Accepts SMS Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt';

function parseFixture(): ParsedCustomerFile {
  return parseCustomerCsv(SHOPIFY_FIXTURE, { defaultCountry: 'US' });
}

function rowNamed(file: ParsedCustomerFile, name: string): ParsedCustomerRow | undefined {
  return file.rows.find((row) => row.customer.name === name);
}

describe('parseCustomerCsv with the Shopify fixture', () => {
  it('detects the newer Shopify layout', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(file.layout).toBe('shopify');
  });

  it('rejects the short phone with its line', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(file.rejected).toEqual([{ line: 9, reason: 'invalid phone number "12345" for country US' }]);
  });

  it('keeps a customer without phone', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(rowNamed(file, 'Ana Silva')).toEqual({
      line: 10,
      customer: {
        name: 'Ana Silva',
        firstName: 'Ana',
        email: 'ana.silva@example.com',
        country: 'PT',
        smsConsent: true,
        status: 'active',
      },
    });
  });

  it('reads a customer who declined SMS', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(rowNamed(file, 'Tom Becker')?.customer.smsConsent).toBe(false);
  });

  it('falls back to the address phone', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(rowNamed(file, 'Daniel Reyes')?.customer.phone).toBe('+15105550148');
  });

  it('uses the address country for the phone', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(rowNamed(file, 'Oliver Hughes')?.customer.phone).toBe('+447400123456');
  });

  it('reads the columns after a quoted note', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(rowNamed(file, 'Chris Morgan')).toEqual({
      line: 11,
      customer: {
        name: 'Chris Morgan',
        firstName: 'Chris',
        phone: '+13035550199',
        email: 'chris.morgan@example.com',
        country: 'US',
        smsConsent: true,
        status: 'active',
      },
    });
  });

  it('keeps every other row', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(file.rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 11]);
  });

  it('has no warnings', () => {
    // Act
    const file = parseFixture();

    // Assess
    expect(file.warnings).toEqual([]);
  });
});

describe('parseCustomerCsv layouts', () => {
  it('prefers Phone over the address phone', () => {
    // Prepare
    const header = SHOPIFY_FIXTURE.slice(0, SHOPIFY_FIXTURE.indexOf('\n'));
    const text = `${header}\nMaya,Okafor,,no,,,,,,US,,(510) 555-0148,+1 415-555-0132,yes,,,no\n`;

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.phone).toBe('+14155550132');
  });

  it('reads the older Shopify layout', () => {
    // Prepare
    const text = `${LEGACY_HEADER}\nOliver,Hughes,Oliver@Example.co.uk,,1 Lane,,London,,,United Kingdom,GB,SW1A,07400 123456,no,yes,10.00,1,,,no\n`;

    // Act
    const file = parseCustomerCsv(text, { defaultCountry: 'US' });

    // Assess
    expect(file.layout).toBe('shopify-legacy');
    expect(file.rows).toEqual([
      {
        line: 2,
        customer: {
          name: 'Oliver Hughes',
          firstName: 'Oliver',
          phone: '+447400123456',
          email: 'oliver@example.co.uk',
          country: 'GB',
          smsConsent: true,
          status: 'active',
        },
      },
    ]);
  });

  it('warns when older Shopify lacks consent', () => {
    // Prepare
    const header = LEGACY_HEADER.replace('Accepts SMS Marketing,', '');
    const text = `${header}\nAna,Silva,ana@example.com,,,,,,,Portugal,PT,,,yes,0,0,,,no\n`;

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.smsConsent).toBe(false);
    expect(file.warnings).toHaveLength(1);
    expect(file.warnings[0]).toContain('add an sms_consent column');
  });

  it('reads the plain layout', () => {
    // Prepare
    const text = 'Name,Phone,Email,Country,SMS Consent,Status\nJo Park, (415) 555-0132 , JO@Example.com ,us,Yes,Inactive\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.layout).toBe('plain');
    expect(file.rows).toEqual([
      {
        line: 2,
        customer: { name: 'Jo Park', phone: '+14155550132', email: 'jo@example.com', country: 'US', smsConsent: true, status: 'inactive' },
      },
    ]);
  });

  it('joins plain first and last name', () => {
    // Prepare
    const text = 'first_name,Last-Name,phone\nJo,Park,+14155550132\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer).toMatchObject({ name: 'Jo Park', firstName: 'Jo' });
  });

  it('keeps a row without name', () => {
    // Prepare
    const text = 'name,phone\n,+14155550132\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.name).toBe('');
  });

  it.each([
    ['yes', true],
    ['Y', true],
    ['TRUE', true],
    ['1', true],
    ['no', false],
    ['n', false],
    ['False', false],
    ['0', false],
    ['', false],
  ])('reads consent "%s" as %s', (value, expected) => {
    // Prepare
    const text = `phone,consent\n+14155550132,${value}\n`;

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.smsConsent).toBe(expected);
  });

  it('rejects an unknown consent value', () => {
    // Prepare
    const text = 'phone,sms_consent\n+14155550132,maybe\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'invalid SMS consent "maybe": expected yes, no, true, false, 1, 0, y or n' }]);
  });

  it('rejects an unknown status', () => {
    // Prepare
    const text = 'phone,status,consent\n+14155550132,paused,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'invalid status "paused": expected active or inactive' }]);
  });

  it('rejects an unknown row country', () => {
    // Prepare
    const text = 'phone,country,consent\n07400 123456,United Kingdom,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'invalid country "United Kingdom": expected a two-letter ISO code such as US' }]);
  });

  it('rejects an invalid email', () => {
    // Prepare
    const text = 'email,consent\nnot-an-email,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'invalid email "not-an-email"' }]);
  });

  it('rejects a row without phone or email', () => {
    // Prepare
    const text = 'name,phone,email,consent\nJo Park,,,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'missing phone number and email: a customer needs at least one' }]);
  });

  it('rejects a national phone without any country', () => {
    // Prepare
    const text = 'phone,consent\n(415) 555-0132,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'invalid phone number "(415) 555-0132" without a country code (add one, or pass --default-country, for example US)' }]);
  });

  it('throws on an unknown header', () => {
    // Prepare
    const text = 'Customer,Mobile Number\nJo,+14155550132\n';

    // Act
    const parse = () => parseCustomerCsv(text, {});

    // Assess
    expect(parse).toThrow(CustomerImportError);
    expect(parse).toThrow('Found columns "Customer", "Mobile Number"');
    expect(parse).toThrow('columns named phone and/or email');
  });
});

describe('parseCustomerCsv file format', () => {
  it('strips a byte order mark', () => {
    // Prepare
    const text = '\uFEFFname,phone,consent\nJo,+14155550132,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.name).toBe('Jo');
  });

  it('reads CRLF line endings', () => {
    // Prepare
    const text = 'name,phone,consent\r\nJo,+14155550132,yes\r\nAl,+14155550133,no\r\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows).toEqual([
      { line: 2, customer: { name: 'Jo', phone: '+14155550132', smsConsent: true, status: 'active' } },
      { line: 3, customer: { name: 'Al', phone: '+14155550133', smsConsent: false, status: 'active' } },
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('counts lines inside quoted cells with %s', (_label, eol) => {
    // Prepare
    const lines = ['name,phone,consent', '"Jo', 'Park",+14155550132,yes', '', 'Al,12345,no', '"Ed ""E""', '', 'Lee",,no'];
    const text = lines.join(eol) + eol;

    // Act
    const file = parseCustomerCsv(text, { defaultCountry: 'US' });

    // Assess
    expect(file.rows).toEqual([{ line: 2, customer: { name: 'Jo Park', phone: '+14155550132', smsConsent: true, status: 'active' } }]);
    expect(file.rejected).toEqual([
      { line: 5, reason: 'invalid phone number "12345" for country US' },
      { line: 6, reason: 'missing phone number and email: a customer needs at least one' },
    ]);
  });

  it('counts multi-byte characters correctly', () => {
    // Prepare
    const text = 'name,phone,consent\n"Zoë 😀\nMüller",+14155550132,yes\nJosé,12345,no\n';

    // Act
    const file = parseCustomerCsv(text, { defaultCountry: 'US' });

    // Assess
    expect(file.rejected[0]?.line).toBe(4);
  });

  it('rejects a ragged row', () => {
    // Prepare
    const text = 'name,phone,consent\nJo,+14155550132\nAl,+14155550133,no\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([{ line: 2, reason: 'expected 3 columns as in the header, found 2' }]);
    expect(file.rows.map((row) => row.line)).toEqual([3]);
  });

  it('skips rows of empty cells', () => {
    // Prepare
    const text = 'name,phone,consent\nJo,+14155550132,yes\n,,\n  \n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rejected).toEqual([]);
    expect(file.rows).toHaveLength(1);
  });

  it('throws on an unclosed quote', () => {
    // Prepare
    const text = 'name,phone\n"Jo,+14155550132\n';

    // Act
    const parse = () => parseCustomerCsv(text, {});

    // Assess
    expect(parse).toThrow(/^Invalid CSV: Quote Not Closed/);
  });

  it('throws on an empty file', () => {
    // Act
    const parse = () => parseCustomerCsv('', {});

    // Assess
    expect(parse).toThrow('The file is empty');
  });

  it('warns about a missing consent column', () => {
    // Prepare
    const text = 'name,phone\nJo,+14155550132\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows[0]?.customer.smsConsent).toBe(false);
    expect(file.warnings).toEqual([expect.stringContaining('add an sms_consent column with yes or no')]);
  });

  it('throws on an unknown default country', () => {
    // Act
    const parse = () => parseCustomerCsv('phone\n+14155550132\n', { defaultCountry: 'XX' });

    // Assess
    expect(parse).toThrow('Invalid default country "XX"');
  });
});

describe('parseCustomerCsv duplicates', () => {
  it('merges rows with the same phone', () => {
    // Prepare
    const text = 'name,phone,consent\nJo,+14155550132,no\nAl,+14155550133,no\nJoanna,(415) 555-0132,yes\n';

    // Act
    const file = parseCustomerCsv(text, { defaultCountry: 'US' });

    // Assess
    expect(file.rows).toEqual([
      { line: 3, customer: { name: 'Al', phone: '+14155550133', smsConsent: false, status: 'active' } },
      { line: 4, customer: { name: 'Joanna', phone: '+14155550132', smsConsent: true, status: 'active' } },
    ]);
    expect(file.warnings).toEqual(['Lines 2 and 4 have the same phone number, so only line 4 is imported.']);
  });

  it('merges phoneless rows with the same email', () => {
    // Prepare
    const text = 'name,email,consent\nJo,jo@example.com,no\nJoanna,JO@example.com,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows).toEqual([{ line: 3, customer: { name: 'Joanna', email: 'jo@example.com', smsConsent: true, status: 'active' } }]);
    expect(file.warnings).toEqual(['Lines 2 and 3 have the same email, so only line 3 is imported.']);
  });

  it('keeps rows sharing an email but not a phone', () => {
    // Prepare
    const text = 'phone,email,consent\n+14155550132,family@example.com,yes\n+14155550133,family@example.com,yes\n';

    // Act
    const file = parseCustomerCsv(text, {});

    // Assess
    expect(file.rows).toHaveLength(2);
  });
});

describe('decodeCsvFile', () => {
  it('decodes UTF-8 text', () => {
    // Act
    const text = decodeCsvFile(new TextEncoder().encode('name\nZoë\n'));

    // Assess
    expect(text).toBe('name\nZoë\n');
  });

  it('throws on invalid UTF-8', () => {
    // Prepare
    const latin1 = Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a]);

    // Act
    const decode = () => decodeCsvFile(latin1);

    // Assess
    expect(decode).toThrow('The file is not valid UTF-8 text');
  });
});
