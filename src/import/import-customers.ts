import type { Customer, CustomerInput } from '../core/customers.ts';
import type { Clock, CustomerStore } from '../core/ports.ts';
import type { ParsedCustomerRow, RejectedRow } from './parse-customer-csv.ts';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  /** Empty from `importCustomers`. The caller adds the rows the parser rejected. */
  rejected: RejectedRow[];
}

export interface ImportDependencies {
  customers: CustomerStore;
  clock: Clock;
  newCustomerId: () => string;
  /** Keep the stored consent of existing customers, for files without a consent column. */
  keepStoredConsent?: boolean;
}

type RowOutcome = 'imported' | 'updated' | 'unchanged';

/** Maximum rows in progress at once, so a 100,000-row file does not open 100,000 store requests. */
const MAX_CONCURRENT_ROWS = 16;

const OPTIONAL_FIELDS = ['phone', 'firstName', 'email', 'country'] as const;
const COMPARED_FIELDS = ['phone', 'name', 'firstName', 'email', 'country', 'status', 'smsConsent'] as const;

/**
 * Creates or updates one stored customer per row. A row matches a stored customer by phone, else by email.
 * Rows that share a phone or email run in array order, so two of them never both create a customer.
 * On the first store error no new rows start, and the error is thrown once the rows in progress finish.
 * Rows saved before the error stay saved, and importing the same rows again is safe.
 */
export async function importCustomers(rows: ParsedCustomerRow[], deps: ImportDependencies): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, rejected: [] };
  const runInOrder = createKeyedOrdering();
  let nextIndex = 0;
  let failure: Error | undefined;

  const work = async (): Promise<void> => {
    while (failure === undefined && nextIndex < rows.length) {
      const row = rows[nextIndex] as ParsedCustomerRow;
      nextIndex += 1;
      try {
        const outcome = await runInOrder(matchKeys(row.customer), () => importRow(row.customer, deps));
        report[outcome] += 1;
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        failure ??= new Error(
          `Importing line ${row.line} failed: ${detail}. Fix the cause and import again. Rows already saved then count as unchanged.`,
          { cause: error },
        );
      }
    }
  };

  const workerCount = Math.min(MAX_CONCURRENT_ROWS, rows.length);
  await Promise.all(Array.from({ length: workerCount }, work));
  if (failure !== undefined) {
    throw failure;
  }

  return report;
}

/** Formats the counts, the warnings, then each rejected row as `line N: reason`, in line order. */
export function formatImportReport(report: ImportReport, warnings: string[]): string {
  const lines = [
    `Imported ${report.imported} new, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}.`,
  ];
  for (const warning of warnings) {
    lines.push(`Warning: ${warning}`);
  }

  if (report.rejected.length > 0) {
    lines.push('Rejected rows:');
    const sorted = [...report.rejected].sort((a, b) => a.line - b.line);
    for (const row of sorted) {
      lines.push(`line ${row.line}: ${row.reason}`);
    }
  }

  return lines.join('\n');
}

async function importRow(input: CustomerInput, deps: ImportDependencies): Promise<RowOutcome> {
  const existing = await findExisting(input, deps.customers);
  const now = deps.clock.now().toISOString();
  if (existing === undefined) {
    const created: Customer = {
      customerId: deps.newCustomerId(),
      name: input.name,
      status: input.status,
      smsConsent: input.smsConsent,
      createdAt: now,
      updatedAt: now,
    };
    copyPresentFields(created, input);
    await deps.customers.put(created);
    return 'imported';
  }

  const merged = applyInput(existing, deps.keepStoredConsent ? { ...input, smsConsent: existing.smsConsent } : input);
  if (COMPARED_FIELDS.every((field) => merged[field] === existing[field])) {
    return 'unchanged';
  }

  await deps.customers.put({ ...merged, updatedAt: now });
  return 'updated';
}

async function findExisting(input: CustomerInput, customers: CustomerStore): Promise<Customer | undefined> {
  const byPhone = input.phone === undefined ? undefined : await customers.findByPhone(input.phone);
  if (byPhone !== undefined || input.email === undefined) {
    return byPhone;
  }

  return customers.findByEmail(input.email);
}

/**
 * Returns the stored customer with the row's values. A field the row leaves empty keeps its stored value,
 * so a file without an email column does not erase the emails imported earlier. Status and consent always come from the row.
 */
function applyInput(existing: Customer, input: CustomerInput): Customer {
  const merged: Customer = { ...existing, status: input.status, smsConsent: input.smsConsent };
  if (input.name !== '') {
    merged.name = input.name;
  }

  copyPresentFields(merged, input);
  return merged;
}

function copyPresentFields(target: Customer, input: CustomerInput): void {
  for (const field of OPTIONAL_FIELDS) {
    const value = input[field];
    if (value !== undefined) {
      target[field] = value;
    }
  }
}

function matchKeys(input: CustomerInput): string[] {
  const keys: string[] = [];
  if (input.phone !== undefined) {
    keys.push(`phone ${input.phone}`);
  }

  if (input.email !== undefined) {
    keys.push(`email ${input.email}`);
  }

  return keys;
}

/**
 * Returns a runner that starts a task only after every earlier task sharing one of its keys has settled.
 * Tasks are ordered by call order, so callers must call it in file order.
 */
function createKeyedOrdering(): <T>(keys: string[], task: () => Promise<T>) => Promise<T> {
  const lastTaskByKey = new Map<string, Promise<void>>();

  return async (keys, task) => {
    const earlier = keys.map((key) => lastTaskByKey.get(key)).filter((promise) => promise !== undefined);
    const result = Promise.all(earlier).then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) {
      lastTaskByKey.set(key, settled);
    }

    try {
      return await result;
    } finally {
      // Forgetting finished keys keeps the map as small as the rows in progress.
      for (const key of keys) {
        if (lastTaskByKey.get(key) === settled) {
          lastTaskByKey.delete(key);
        }
      }
    }
  };
}
