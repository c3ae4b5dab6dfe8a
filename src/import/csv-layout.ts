export type CsvLayoutName = 'shopify' | 'shopify-legacy' | 'plain';

/** The customer cells of one CSV record with whitespace collapsed, before validation. Empty cells are absent. */
export interface RawCustomerFields {
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  country?: string;
  smsConsent?: string;
  status?: string;
}

type FieldName = keyof RawCustomerFields;

/** Candidate columns for each field, as normalized header names, in order of preference. */
type ColumnCandidates = Partial<Record<FieldName, string[]>>;

export interface CsvLayout {
  name: CsvLayoutName;
  columnCount: number;
  hasConsentColumn: boolean;
  /** Reads a record with `columnCount` cells. For each field, the first non-empty candidate column wins. */
  readFields(record: string[]): RawCustomerFields;
}

/**
 * An error in the import input as a whole, such as an unknown header, broken quoting or an invalid option.
 * Its message is written for the person running the import.
 */
export class CustomerImportError extends Error {
  override name = 'CustomerImportError';
}

// `sms_consent` is accepted in every layout, so the fix named in the missing-consent warning always works.
const CONSENT_COLUMNS = ['acceptssmsmarketing', 'smsconsent', 'consent'];

// Newer exports have both the customer's `Phone` and the `Default Address Phone`. The customer's comes first.
const SHOPIFY_COLUMNS: ColumnCandidates = {
  firstName: ['firstname'],
  lastName: ['lastname'],
  email: ['email'],
  phone: ['phone', 'defaultaddressphone'],
  country: ['defaultaddresscountrycode'],
  smsConsent: CONSENT_COLUMNS,
};

// Older exports have a country name in `Country` and the ISO code in `Country Code`.
const SHOPIFY_LEGACY_COLUMNS: ColumnCandidates = {
  firstName: ['firstname'],
  lastName: ['lastname'],
  email: ['email'],
  phone: ['phone'],
  country: ['countrycode'],
  smsConsent: CONSENT_COLUMNS,
};

const PLAIN_COLUMNS: ColumnCandidates = {
  name: ['name', 'fullname'],
  firstName: ['firstname'],
  lastName: ['lastname'],
  email: ['email', 'emailaddress'],
  phone: ['phone', 'phonenumber', 'mobile'],
  country: ['country', 'countrycode'],
  smsConsent: CONSENT_COLUMNS,
  status: ['status'],
};

const CANDIDATES_BY_LAYOUT: Record<CsvLayoutName, ColumnCandidates> = {
  shopify: SHOPIFY_COLUMNS,
  'shopify-legacy': SHOPIFY_LEGACY_COLUMNS,
  plain: PLAIN_COLUMNS,
};

const EXPECTED_PLAIN_COLUMNS = 'phone and/or email, optionally name (or first name and last name), country, sms_consent, status';

/** Lower-cases a header cell and drops spaces, underscores and hyphens, so `SMS Consent` matches `sms_consent`. */
export function normalizeColumnName(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Detects the layout from the header row. Shopify exports are recognized by their marketing columns:
 * `Accepts Email Marketing` in the newer export and `Accepts Marketing` in the older one.
 * Throws `CustomerImportError` when the header has neither a phone nor an email column.
 */
export function detectCsvLayout(header: string[]): CsvLayout {
  const columnIndexes = new Map<string, number>();
  header.forEach((column, index) => {
    const key = normalizeColumnName(column);
    if (!columnIndexes.has(key)) {
      columnIndexes.set(key, index);
    }
  });

  const name = chooseLayoutName(columnIndexes);
  const candidates = CANDIDATES_BY_LAYOUT[name];
  const indexesByField = new Map<FieldName, number[]>();
  for (const [field, columns] of Object.entries(candidates) as [FieldName, string[]][]) {
    const indexes = columns.map((column) => columnIndexes.get(column)).filter((index) => index !== undefined);
    indexesByField.set(field, indexes);
  }

  const hasPhone = (indexesByField.get('phone') ?? []).length > 0;
  const hasEmail = (indexesByField.get('email') ?? []).length > 0;
  if (!hasPhone && !hasEmail) {
    const found = header.map((column) => `"${column}"`).join(', ');
    throw new CustomerImportError(
      `Unknown CSV layout: the header has no phone or email column. Found columns ${found}. ` +
        `Expected a Shopify customer export, or columns named ${EXPECTED_PLAIN_COLUMNS}.`,
    );
  }

  return {
    name,
    columnCount: header.length,
    hasConsentColumn: (indexesByField.get('smsConsent') ?? []).length > 0,
    readFields: (record) => readFields(record, indexesByField),
  };
}

function chooseLayoutName(columnIndexes: Map<string, number>): CsvLayoutName {
  const hasShopifyName = columnIndexes.has('firstname') && columnIndexes.has('lastname');
  if (hasShopifyName && columnIndexes.has('acceptsemailmarketing')) {
    return 'shopify';
  }

  if (hasShopifyName && columnIndexes.has('acceptsmarketing')) {
    return 'shopify-legacy';
  }

  return 'plain';
}

function readFields(record: string[], indexesByField: Map<FieldName, number[]>): RawCustomerFields {
  const fields: RawCustomerFields = {};
  for (const [field, indexes] of indexesByField) {
    // Runs of whitespace, including line breaks inside quoted cells, become one space, so a name reads as one line in an SMS.
    const value = indexes.map((index) => collapseWhitespace(record[index] ?? '')).find((cell) => cell !== '');
    if (value !== undefined) {
      fields[field] = value;
    }
  }

  return fields;
}

function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
