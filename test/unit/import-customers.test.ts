import { describe, expect, it } from 'vitest';
import type { Customer, CustomerInput } from '../../src/core/customers.ts';
import type { CustomerStore, Page } from '../../src/core/ports.ts';
import { formatImportReport, importCustomers } from '../../src/import/import-customers.ts';
import type { ImportDependencies } from '../../src/import/import-customers.ts';
import type { ParsedCustomerRow } from '../../src/import/parse-customer-csv.ts';

/** Keeps customers in a map and counts writes. Each call yields once, so rows interleave as with a real store. */
class InMemoryCustomerStore implements CustomerStore {
  readonly customers = new Map<string, Customer>();
  puts = 0;
  inFlight = 0;
  maxInFlight = 0;

  async get(customerId: string): Promise<Customer | undefined> {
    return this.track(() => this.customers.get(customerId));
  }

  async findByPhone(phone: string): Promise<Customer | undefined> {
    return this.track(() => [...this.customers.values()].find((customer) => customer.phone === phone));
  }

  async findByEmail(email: string): Promise<Customer | undefined> {
    return this.track(() => [...this.customers.values()].find((customer) => customer.email === email));
  }

  async put(customer: Customer): Promise<void> {
    this.puts += 1;
    await this.track(() => this.customers.set(customer.customerId, structuredClone(customer)));
  }

  async scanPage(): Promise<Page<Customer>> {
    return this.track(() => ({ items: [...this.customers.values()] }));
  }

  async markOptedOut(): Promise<boolean> {
    throw new Error('the import never marks customers opted out');
  }

  async recordInvitation(): Promise<void> {
    throw new Error('the import never records invitations');
  }

  async recordReminder(): Promise<void> {
    throw new Error('the import never records reminders');
  }

  async recordReview(): Promise<void> {
    throw new Error('the import never records reviews');
  }

  async revertInvitation(): Promise<void> {
    throw new Error('the import never reverts invitations');
  }

  async revertReminder(): Promise<void> {
    throw new Error('the import never reverts reminders');
  }

  private async track<T>(read: () => T): Promise<T> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.inFlight -= 1;
    return structuredClone(read());
  }
}

const NOW = new Date('2025-03-01T10:00:00.000Z');
const LATER = new Date('2025-03-02T10:00:00.000Z');

function createDeps(store: InMemoryCustomerStore, now = NOW): ImportDependencies {
  let nextId = 0;
  return {
    customers: store,
    clock: { now: () => now },
    newCustomerId: () => {
      nextId += 1;
      return `customer-${nextId}`;
    },
  };
}

function storedByEmail(store: InMemoryCustomerStore, email: string): Customer | undefined {
  return [...store.customers.values()].find((customer) => customer.email === email);
}

function row(line: number, customer: Partial<CustomerInput>): ParsedCustomerRow {
  return { line, customer: { name: 'Maya Okafor', smsConsent: true, status: 'active', ...customer } };
}

const MAYA = row(2, { phone: '+14155550132', email: 'maya@example.com', firstName: 'Maya', country: 'US' });
const ANA = row(3, { name: 'Ana Silva', email: 'ana@example.com' });

describe('importCustomers', () => {
  it('creates new customers', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();

    // Act
    const report = await importCustomers([MAYA, ANA], createDeps(store));

    // Assess
    expect(report).toEqual({ imported: 2, updated: 0, unchanged: 0, rejected: [] });
    expect(storedByEmail(store, 'maya@example.com')).toEqual({
      customerId: expect.stringMatching(/^customer-[12]$/),
      phone: '+14155550132',
      name: 'Maya Okafor',
      firstName: 'Maya',
      email: 'maya@example.com',
      country: 'US',
      status: 'active',
      smsConsent: true,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
  });

  it('leaves absent fields out of new customers', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();

    // Act
    await importCustomers([ANA], createDeps(store));

    // Assess
    expect(Object.keys(store.customers.get('customer-1') ?? {}).sort()).toEqual(
      ['createdAt', 'customerId', 'email', 'name', 'smsConsent', 'status', 'updatedAt'],
    );
  });

  it('writes nothing when re-importing', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA, ANA], createDeps(store));
    const putsBefore = store.puts;

    // Act
    const report = await importCustomers([MAYA, ANA], createDeps(store, LATER));

    // Assess
    expect(report).toEqual({ imported: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(store.puts).toBe(putsBefore);
  });

  it('updates a customer matched by phone', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA], createDeps(store));
    const changed = row(5, { phone: '+14155550132', name: 'Maya O.', smsConsent: false });

    // Act
    const report = await importCustomers([changed], createDeps(store, LATER));

    // Assess
    expect(report).toEqual({ imported: 0, updated: 1, unchanged: 0, rejected: [] });
    expect(store.customers.get('customer-1')).toEqual({
      customerId: 'customer-1',
      phone: '+14155550132',
      name: 'Maya O.',
      firstName: 'Maya',
      email: 'maya@example.com',
      country: 'US',
      status: 'active',
      smsConsent: false,
      createdAt: NOW.toISOString(),
      updatedAt: LATER.toISOString(),
    });
  });

  it('keeps stored consent when asked', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA], createDeps(store));
    const withoutConsentColumn = row(5, { phone: '+14155550132', name: 'Maya Okafor', smsConsent: false });

    // Act
    await importCustomers([withoutConsentColumn], { ...createDeps(store, LATER), keepStoredConsent: true });

    // Assess
    expect(store.customers.get('customer-1')?.smsConsent).toBe(true);
  });

  it('matches by email without phone', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA], createDeps(store));
    const phoneless = row(4, { email: 'maya@example.com', status: 'inactive' });

    // Act
    const report = await importCustomers([phoneless], createDeps(store, LATER));

    // Assess
    expect(report.updated).toBe(1);
    expect(store.customers.get('customer-1')?.status).toBe('inactive');
    expect(store.customers.get('customer-1')?.phone).toBe('+14155550132');
  });

  it('matches by email after a phone change', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA], createDeps(store));
    const newPhone = row(2, { phone: '+14155550199', email: 'maya@example.com' });

    // Act
    await importCustomers([newPhone], createDeps(store, LATER));

    // Assess
    expect([...store.customers.values()].map((customer) => customer.phone)).toEqual(['+14155550199']);
  });

  it('keeps the stored name for an empty name', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    await importCustomers([MAYA], createDeps(store));

    // Act
    const report = await importCustomers([{ ...MAYA, customer: { ...MAYA.customer, name: '' } }], createDeps(store, LATER));

    // Assess
    expect(report.unchanged).toBe(1);
  });

  it('orders rows sharing an email', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    const first = row(2, { phone: '+14155550132', email: 'family@example.com' });
    const second = row(3, { email: 'family@example.com', name: 'Family' });

    // Act
    const report = await importCustomers([first, second], createDeps(store));

    // Assess
    expect(report).toEqual({ imported: 1, updated: 1, unchanged: 0, rejected: [] });
    expect(store.customers.size).toBe(1);
  });

  it('limits concurrent store calls', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    const rows = Array.from({ length: 200 }, (_, index) => row(index + 2, { phone: `+1415555${String(index).padStart(4, '0')}` }));

    // Act
    const report = await importCustomers(rows, createDeps(store));

    // Assess
    expect(report.imported).toBe(200);
    expect(store.maxInFlight).toBeLessThanOrEqual(16);
    expect(store.maxInFlight).toBeGreaterThan(1);
  });

  it('throws naming the failed line', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    store.put = async () => {
      throw new Error('table not found');
    };

    // Act
    const result = importCustomers([MAYA], createDeps(store));

    // Assess
    await expect(result).rejects.toThrow('Importing line 2 failed: table not found');
  });

  it('stops starting rows after a failure', async () => {
    // Prepare
    const store = new InMemoryCustomerStore();
    let calls = 0;
    store.findByPhone = async () => {
      calls += 1;
      throw new Error('throttled');
    };
    const rows = Array.from({ length: 100 }, (_, index) => row(index + 2, { phone: `+1415555${String(index).padStart(4, '0')}` }));

    // Act
    await importCustomers(rows, createDeps(store)).catch(() => undefined);

    // Assess
    expect(calls).toBeLessThanOrEqual(16);
  });
});

describe('formatImportReport', () => {
  it('lists counts, warnings and rejected rows', () => {
    // Prepare
    const report = {
      imported: 3,
      updated: 2,
      unchanged: 5,
      rejected: [
        { line: 9, reason: 'invalid phone number "12345" for country US' },
        { line: 4, reason: 'invalid email "jo@"' },
      ],
    };

    // Act
    const text = formatImportReport(report, ['Lines 2 and 7 have the same phone +14155550132, so only line 7 is imported.']);

    // Assess
    expect(text).toBe(
      [
        'Imported 3 new, updated 2, unchanged 5, rejected 2.',
        'Warning: Lines 2 and 7 have the same phone +14155550132, so only line 7 is imported.',
        'Rejected rows:',
        'line 4: invalid email "jo@"',
        'line 9: invalid phone number "12345" for country US',
      ].join('\n'),
    );
  });

  it('omits the rejected heading when none', () => {
    // Act
    const text = formatImportReport({ imported: 1, updated: 0, unchanged: 0, rejected: [] }, []);

    // Assess
    expect(text).toBe('Imported 1 new, updated 0, unchanged 0, rejected 0.');
  });
});
