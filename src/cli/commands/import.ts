import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { systemClock } from '../../core/ports.ts';
import { createStores } from '../../functions/shared/runtime.ts';
import { formatImportReport, importCustomers } from '../../import/import-customers.ts';
import { decodeCsvFile, parseCustomerCsv } from '../../import/parse-customer-csv.ts';
import { withLocalData } from '../session.ts';
import { CliUsageError } from '../usage.ts';

/** `starling import FILE [--default-country CC]`: creates or updates customers from a CSV file. */
export async function importCommand(file: string | undefined, options: { defaultCountry?: string }): Promise<number> {
  if (!file) {
    throw new CliUsageError('import needs a CSV file, for example: npx starling import examples/customers.csv');
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }

  const parsed = parseCustomerCsv(decodeCsvFile(bytes), { defaultCountry: options.defaultCountry });

  const report = await withLocalData(async () => {
    const { customers } = createStores(process.env);
    return importCustomers(parsed.rows, {
      customers,
      clock: systemClock,
      newCustomerId: () => `cus_${randomUUID().replaceAll('-', '')}`,
      keepStoredConsent: !parsed.hasConsentColumn,
    });
  });

  report.rejected.push(...parsed.rejected);
  report.rejected.sort((a, b) => a.line - b.line);
  console.log(`Read ${file} as a ${describeLayout(parsed.layout)}.`);
  console.log(formatImportReport(report, parsed.warnings));
  return 0;
}

function describeLayout(layout: string): string {
  switch (layout) {
    case 'shopify':
      return 'Shopify customer export';
    case 'shopify-legacy':
      return 'Shopify customer export (older layout)';
    default:
      return 'plain CSV';
  }
}
