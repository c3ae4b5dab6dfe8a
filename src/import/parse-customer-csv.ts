import { parse } from 'csv-parse/sync';
import type { InfoRecord } from 'csv-parse/sync';
import type { CountryCode } from 'libphonenumber-js/max';
import type { CustomerInput, CustomerStatus } from '../core/customers.ts';
import { normalizePhone, toSupportedCountry } from '../core/phone.ts';
import { CustomerImportError, detectCsvLayout } from './csv-layout.ts';
import type { CsvLayout, CsvLayoutName, RawCustomerFields } from './csv-layout.ts';

export interface ParsedCustomerRow {
  line: number;
  customer: CustomerInput;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ParsedCustomerFile {
  layout: CsvLayoutName;
  /** Valid rows in file order, with rows that repeat a phone or email merged into the later row. */
  rows: ParsedCustomerRow[];
  rejected: RejectedRow[];
  warnings: string[];
  /** False when the file has no SMS consent column, so it records nothing about consent. */
  hasConsentColumn: boolean;
}

interface CsvRecord {
  /** 1-based physical line where the record starts. A quoted cell may continue on later lines. */
  line: number;
  cells: string[];
}

type RowResult = { ok: true; customer: CustomerInput } | { ok: false; reason: string };

const CONSENT_VALUES: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  1: true,
  no: false,
  n: false,
  false: false,
  0: false,
};
const STATUS_VALUES: Record<string, CustomerStatus> = { active: 'active', inactive: 'inactive' };
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
const MISSING_CONSENT_WARNING =
  'The file has no SMS consent column: new customers are imported without SMS consent and will not receive ' +
  'review invitations, and customers already stored keep the consent they had. To record consent, add an ' +
  'sms_consent column with yes or no for each customer.';

/** Decodes an import file as UTF-8 and throws `CustomerImportError` on any invalid byte sequence. */
export function decodeCsvFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const message = 'The file is not valid UTF-8 text. Save it as "CSV UTF-8" and import it again.';
    throw new CustomerImportError(message, { cause: error });
  }
}

/**
 * Parses a customer CSV file into valid rows, rejected rows and warnings.
 * A row needs a phone or an email, and a phone that is present must be valid. The name is optional and is `''` when the row has none, because
 * the phone or email identifies the customer. A consent cell left empty means no consent.
 * Throws `CustomerImportError` for an invalid `defaultCountry`, broken quoting, an empty file or an unknown header.
 */
export function parseCustomerCsv(text: string, options: { defaultCountry?: string }): ParsedCustomerFile {
  const defaultCountry = resolveDefaultCountry(options.defaultCountry);
  const [header, ...records] = readCsvRecords(text);
  if (header === undefined) {
    throw new CustomerImportError('The file is empty: expected a header row followed by one row per customer.');
  }

  const layout = detectCsvLayout(header.cells);
  const accepted: ParsedCustomerRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const record of records) {
    // Spreadsheets often save rows of empty cells below the data, and those are not customers.
    if (record.cells.every((cell) => cell.trim() === '')) {
      continue;
    }

    const result = readRow(record, layout, defaultCountry);
    if (result.ok) {
      accepted.push({ line: record.line, customer: result.customer });
    } else {
      rejected.push({ line: record.line, reason: result.reason });
    }
  }

  const merged = mergeDuplicates(accepted);
  const warnings = layout.hasConsentColumn ? merged.warnings : [MISSING_CONSENT_WARNING, ...merged.warnings];
  return { layout: layout.name, rows: merged.rows, rejected, warnings, hasConsentColumn: layout.hasConsentColumn };
}

function resolveDefaultCountry(value: string | undefined): CountryCode | undefined {
  if (value === undefined) {
    return undefined;
  }

  const country = toSupportedCountry(value);
  if (country === undefined) {
    throw new CustomerImportError(`Invalid default country "${value}": expected a two-letter ISO 3166-1 code such as US or GB.`);
  }

  return country;
}

function readCsvRecords(text: string): CsvRecord[] {
  let output: { record: string[]; info: InfoRecord }[];
  try {
    // relax_column_count lets a ragged row through so it is rejected alone instead of failing the file.
    // relax_quotes keeps a stray quote inside an unquoted cell, such as 5" tall, as text.
    const options = { bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true };
    output = parse(text, options) as unknown as { record: string[]; info: InfoRecord }[];
  } catch (error) {
    // NOTE: the line in csv-parse's message can be too high after a CRLF inside a quoted cell, as explained below.
    const detail = error instanceof Error ? error.message : String(error);
    throw new CustomerImportError(`Invalid CSV: ${detail}. Fix the quoting and import the file again.`, { cause: error });
  }

  // csv-parse 7 counts a CRLF inside a quoted cell as two lines, so `info.lines` drifts after such a cell.
  // The start line is counted here from `info.bytes`, the UTF-8 offset just past the previous record.
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = createLineLocator(bytes);
  let previousEnd = 0;
  return output.map(({ record, info }) => {
    const start = skipLineBreaks(bytes, previousEnd);
    previousEnd = info.bytes;
    return { line: lineAt(start), cells: record };
  });
}

/** Returns a function from byte offset to 1-based line. Offsets must not decrease, because the file is scanned once. */
function createLineLocator(bytes: Uint8Array): (offset: number) => number {
  let position = 0;
  let line = 1;
  return (offset) => {
    for (; position < offset; position += 1) {
      if (isLineBreakAt(bytes, position)) {
        line += 1;
      }
    }

    return line;
  };
}

// A CRLF pair counts once, at its LF. A lone CR, as in old Mac files, counts as a line break of its own.
function isLineBreakAt(bytes: Uint8Array, position: number): boolean {
  const byte = bytes[position];
  return byte === 0x0a || (byte === 0x0d && bytes[position + 1] !== 0x0a);
}

// Only line breaks of skipped empty lines can sit between two records.
function skipLineBreaks(bytes: Uint8Array, position: number): number {
  let next = position;
  while (bytes[next] === 0x0a || bytes[next] === 0x0d) {
    next += 1;
  }

  return next;
}

function readRow(record: CsvRecord, layout: CsvLayout, defaultCountry: CountryCode | undefined): RowResult {
  if (record.cells.length !== layout.columnCount) {
    return { ok: false, reason: `expected ${layout.columnCount} columns as in the header, found ${record.cells.length}` };
  }

  return toCustomerInput(layout.readFields(record.cells), defaultCountry);
}

function toCustomerInput(fields: RawCustomerFields, defaultCountry: CountryCode | undefined): RowResult {
  const problems: string[] = [];
  const country = fields.country === undefined ? undefined : toSupportedCountry(fields.country);
  if (fields.country !== undefined && country === undefined) {
    problems.push(`invalid country "${fields.country}": expected a two-letter ISO code such as US`);
  }

  const consentValue = fields.smsConsent ?? 'no';
  const smsConsent = CONSENT_VALUES[consentValue.toLowerCase()];
  if (smsConsent === undefined) {
    problems.push(`invalid SMS consent "${consentValue}": expected yes, no, true, false, 1, 0, y or n`);
  }

  const statusValue = fields.status ?? 'active';
  const status = STATUS_VALUES[statusValue.toLowerCase()];
  if (status === undefined) {
    problems.push(`invalid status "${statusValue}": expected active or inactive`);
  }

  const email = fields.email?.toLowerCase();
  if (email !== undefined && !EMAIL_PATTERN.test(email)) {
    problems.push(`invalid email "${fields.email}"`);
  }

  let phone: string | undefined;
  // An invalid row country would only add a misleading phone error, so the phone is checked once the country is valid.
  if (fields.phone !== undefined && (fields.country === undefined || country !== undefined)) {
    const result = normalizePhone(fields.phone, country ?? defaultCountry);
    if (result.ok) {
      phone = result.phone;
    } else {
      problems.push(result.reason);
    }
  }

  if (fields.phone === undefined && email === undefined) {
    problems.push('missing phone number and email: a customer needs at least one');
  }

  if (problems.length > 0 || smsConsent === undefined || status === undefined) {
    return { ok: false, reason: problems.join('; ') };
  }

  const name = fields.name ?? [fields.firstName, fields.lastName].filter((part) => part !== undefined).join(' ');
  const customer: CustomerInput = { name, smsConsent, status };
  assignDefined(customer, { phone, email, country, firstName: fields.firstName });
  return { ok: true, customer };
}

// Leaves absent fields out of the object instead of storing `undefined` values.
function assignDefined(customer: CustomerInput, fields: Pick<CustomerInput, 'phone' | 'email' | 'country' | 'firstName'>): void {
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | undefined][]) {
    if (value !== undefined) {
      customer[key] = value;
    }
  }
}

/** Keeps one row per phone, or per email for rows without a phone. The later row wins, and a warning names both lines. */
function mergeDuplicates(rows: ParsedCustomerRow[]): { rows: ParsedCustomerRow[]; warnings: string[] } {
  const rowsByKey = new Map<string, ParsedCustomerRow>();
  const warnings: string[] = [];
  for (const row of rows) {
    const { phone, email } = row.customer;
    const key = phone === undefined ? `email ${email ?? ''}` : `phone ${phone}`;
    const earlier = rowsByKey.get(key);
    if (earlier !== undefined) {
      const sharedField = phone === undefined ? 'email' : 'phone number';
      warnings.push(`Lines ${earlier.line} and ${row.line} have the same ${sharedField}, so only line ${row.line} is imported.`);
      // Deleting first moves the key to the end, so the merged rows stay in line order.
      rowsByKey.delete(key);
    }

    rowsByKey.set(key, row);
  }

  return { rows: [...rowsByKey.values()], warnings };
}
