/**
 * CSV writing for exports that people open in spreadsheets.
 *
 * The layout is RFC 4180: fields separated by commas, each record ended by CRLF, and a field
 * quoted when it contains a comma, double quote, CR or LF, with its double quotes doubled. A field
 * with a semicolon is quoted too, because Excel in locales whose list separator is `;` splits
 * unquoted fields on it, and an attacker could start a new cell that way.
 *
 * Text cells are also made spreadsheet-safe against formula injection, as OWASP advises (ASVS 5.0
 * requirement 1.2.10). Excel, LibreOffice Calc and Google Sheets evaluate a cell that starts with
 * `=`, `+`, `-` or `@` as a formula, and OWASP lists a leading tab and CR as triggers too. Such a
 * cell gets a leading `'`, which spreadsheets take as "this is text" and do not show.
 * Quoting alone does not help, because spreadsheets remove the quotes before they evaluate.
 * The price is that a plain-text reader sees the `'`, and a customer's "-1 star" reads "'-1 star".
 *
 * Numbers are written as they are, because the exporter produces them itself. The exporter's ISO
 * times are text cells, but they start with a digit, so the rule never changes them.
 */

/** One cell. Text is made spreadsheet-safe, a number is written as is, and null or undefined is an empty field. */
export type CsvCell = string | number | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A field containing any of these is quoted. */
const NEEDS_QUOTES = /[",;\r\n]/;

export const CSV_RECORD_END = '\r\n';

/** Formats one record, CRLF included. */
export function formatCsvRecord(cells: readonly CsvCell[]): string {
  return cells.map(formatCsvCell).join(',') + CSV_RECORD_END;
}

/** Formats one field: neutralized if it is text, then quoted if needed. */
export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) {
    return '';
  }

  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) {
      throw new RangeError(`a CSV number cell must be finite, got ${cell}`);
    }

    return String(cell);
  }

  return quoteIfNeeded(neutralizeFormula(cell));
}

/** Prefixes a `'` to text that a spreadsheet would otherwise evaluate as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

function quoteIfNeeded(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
