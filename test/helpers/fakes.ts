import type { Customer } from '../../src/core/customers.ts';
import { InvitationExistsError } from '../../src/core/errors.ts';
import type { Invitation } from '../../src/core/invitations.ts';
import type {
  AdminNotification,
  AdminNotifier,
  Clock,
  CustomerStore,
  InvitationStore,
  LogFields,
  Logger,
  Page,
  SmsMessage,
  SmsSender,
} from '../../src/core/ports.ts';
import type { RunRecord, RunStore } from '../../src/core/invitation-run/run-record.ts';
import { SmsInvalidNumberError } from '../../src/core/sms-errors.ts';

// In-memory stand-ins for the ports in src/core/ports.ts. Each store copies values on the way in
// and out, as a database would, so a test cannot pass by mutating an object the core still holds.

/** Customers in a `Map`, read back in insertion order by `scanPage` in pages of `pageSize`. */
export class InMemoryCustomerStore implements CustomerStore {
  readonly customers = new Map<string, Customer>();
  /** The cursor passed to each `scanPage` call, in call order. */
  readonly scanCursors: Array<string | undefined> = [];

  constructor(private readonly pageSize = 100) {}

  add(...customers: Customer[]): void {
    for (const customer of customers) {
      this.customers.set(customer.customerId, structuredClone(customer));
    }
  }

  async get(customerId: string): Promise<Customer | undefined> {
    return copy(this.customers.get(customerId));
  }

  async findByPhone(phone: string): Promise<Customer | undefined> {
    return copy([...this.customers.values()].find((customer) => customer.phone === phone));
  }

  async findByEmail(email: string): Promise<Customer | undefined> {
    return copy([...this.customers.values()].find((customer) => customer.email === email));
  }

  async put(customer: Customer): Promise<void> {
    this.customers.set(customer.customerId, structuredClone(customer));
  }

  /** Returns one page. The cursor is the offset of the next page, and the last page has no cursor. */
  async scanPage(cursor?: string, segment?: { index: number; total: number }, limit?: number): Promise<Page<Customer>> {
    this.scanCursors.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0) {
      throw new Error(`invalid cursor ${JSON.stringify(cursor)}: pass the nextCursor of the previous page`);
    }

    // A parallel scan segment returns every total-th customer, as DynamoDB splits a table by key hash.
    const all = [...this.customers.values()].filter((_, index) => !segment || index % segment.total === segment.index);
    const end = start + Math.min(this.pageSize, limit ?? Number.POSITIVE_INFINITY);
    const items = all.slice(start, end).map((customer) => structuredClone(customer));
    return end < all.length ? { items, nextCursor: String(end) } : { items };
  }

  async markOptedOut(customerId: string, at: string): Promise<boolean> {
    return this.update(customerId, { optedOut: true, optedOutAt: at, updatedAt: at });
  }

  async recordInvitation(customerId: string, invitation: { invitationId: string; sentAt: string; expiresAt: string }): Promise<void> {
    this.update(customerId, { lastInvitationId: invitation.invitationId, lastInvitedAt: invitation.sentAt, lastInvitationExpiresAt: invitation.expiresAt });
  }

  async recordReminder(customerId: string, invitationId: string): Promise<void> {
    this.update(customerId, { remindedInvitationId: invitationId });
  }

  async recordReview(customerId: string, at: string): Promise<void> {
    this.update(customerId, { lastReviewedAt: at });
  }

  async revertInvitation(customerId: string, invitationId: string, previous: Pick<Customer, 'lastInvitationId' | 'lastInvitedAt' | 'lastInvitationExpiresAt'>): Promise<void> {
    const stored = this.customers.get(customerId);
    if (stored?.lastInvitationId === invitationId) {
      this.customers.set(customerId, { ...stored, lastInvitationId: previous.lastInvitationId, lastInvitedAt: previous.lastInvitedAt, lastInvitationExpiresAt: previous.lastInvitationExpiresAt });
    }
  }

  async revertReminder(customerId: string, invitationId: string): Promise<void> {
    const stored = this.customers.get(customerId);
    if (stored?.remindedInvitationId === invitationId) {
      this.customers.set(customerId, { ...stored, remindedInvitationId: undefined });
    }
  }

  private update(customerId: string, changes: Partial<Customer>): boolean {
    const stored = this.customers.get(customerId);
    if (!stored) {
      return false;
    }

    this.customers.set(customerId, { ...stored, ...structuredClone(changes) });
    return true;
  }
}

type InvitationWrite = 'create' | 'markSent' | 'markFailed' | 'markUnconfirmed' | 'markOpened' | 'markUsed';

/** Invitations in a `Map`, with the conditions of the DynamoDB adapter and a log of every write. */
export class InMemoryInvitationStore implements InvitationStore {
  readonly invitations = new Map<string, Invitation>();
  /** Every write call in call order, including the ones that failed. */
  readonly writes: Array<{ method: InvitationWrite; invitationId: string }> = [];
  /** Write methods that throw instead of writing, to simulate a failing database. */
  readonly failingMethods = new Set<InvitationWrite>();

  add(...invitations: Invitation[]): void {
    for (const invitation of invitations) {
      this.invitations.set(invitation.invitationId, structuredClone(invitation));
    }
  }

  async create(invitation: Invitation): Promise<void> {
    this.recordWrite('create', invitation.invitationId);
    if (this.invitations.has(invitation.invitationId)) {
      throw new InvitationExistsError(`invitation ${invitation.invitationId} already exists`);
    }

    this.invitations.set(invitation.invitationId, structuredClone(invitation));
  }

  async get(invitationId: string): Promise<Invitation | undefined> {
    return copy(this.invitations.get(invitationId));
  }

  async markSent(invitationId: string, messageId: string, sentAt: string): Promise<void> {
    this.recordWrite('markSent', invitationId);
    Object.assign(this.stored(invitationId), { status: 'sent', messageId, sentAt });
  }

  async markFailed(invitationId: string, failure: string): Promise<void> {
    this.recordWrite('markFailed', invitationId);
    Object.assign(this.stored(invitationId), { status: 'failed', failure });
  }

  /** Changes only a pending record, as the DynamoDB adapter's condition does. */
  async markUnconfirmed(invitationId: string): Promise<void> {
    this.recordWrite('markUnconfirmed', invitationId);
    const invitation = this.stored(invitationId);
    if (invitation.status === 'pending') {
      invitation.status = 'unconfirmed';
    }
  }

  /** Sets `openedAt` only when it is not set yet, as the port requires. */
  async markOpened(invitationId: string, openedAt: string): Promise<void> {
    this.recordWrite('markOpened', invitationId);
    const invitation = this.stored(invitationId);
    invitation.openedAt ??= openedAt;
  }

  /** Sets `usedAt` only when it is not set yet, as the DynamoDB adapter does. */
  async markUsed(invitationId: string, usedAt: string): Promise<void> {
    this.recordWrite('markUsed', invitationId);
    const invitation = this.stored(invitationId);
    invitation.usedAt ??= usedAt;
  }

  /** Returns every invitation in one page: the stats read all pages, and the Dynamo tests cover paging. */
  async scanPage(): Promise<Page<Invitation>> {
    return { items: [...this.invitations.values()].map((invitation) => structuredClone(invitation)) };
  }

  countWrites(method: InvitationWrite): number {
    return this.writes.filter((write) => write.method === method).length;
  }

  private recordWrite(method: InvitationWrite, invitationId: string): void {
    this.writes.push({ method, invitationId });
    if (this.failingMethods.has(method)) {
      throw new Error(`simulated ${method} failure for invitation ${invitationId}`);
    }
  }

  private stored(invitationId: string): Invitation {
    const invitation = this.invitations.get(invitationId);
    if (!invitation) {
      throw new Error(`invitation ${invitationId} not found`);
    }

    return invitation;
  }
}

export { InMemoryReviewStore } from './fake-review-store.ts';

/**
 * Records every SMS and returns message ids `message-1`, `message-2`, …. A number in
 * `failingNumbers` makes `send` throw an error that quotes the number, as SNS errors do.
 */
export class RecordingSmsSender implements SmsSender {
  /** Every message that `send` accepted, in order. Failed sends are not in it. */
  readonly sent: SmsMessage[] = [];
  /** Every message passed to `send`, accepted or not. */
  readonly attempts: SmsMessage[] = [];
  readonly failingNumbers = new Set<string>();
  /** Runs at the start of each `send`, so a test can inspect other fakes at that moment. */
  beforeSend: ((message: SmsMessage) => void | Promise<void>) | undefined;

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    this.attempts.push({ ...message });
    await this.beforeSend?.(message);
    if (this.failingNumbers.has(message.phoneNumber)) {
      const cause = new Error(`Invalid parameter: PhoneNumber Reason: ${message.phoneNumber} is not valid to publish to`);
      cause.name = 'InvalidParameterException';
      throw new SmsInvalidNumberError('SNS rejected the phone number as invalid', { cause });
    }

    this.sent.push({ ...message });
    return { messageId: `message-${this.sent.length}` };
  }
}

/** Records every notification; set `failure` to make `notify` throw it. */
export class RecordingAdminNotifier implements AdminNotifier {
  readonly notifications: AdminNotification[] = [];
  failure: Error | undefined;

  async notify(notification: AdminNotification): Promise<void> {
    if (this.failure) {
      throw this.failure;
    }

    this.notifications.push({ ...notification });
  }
}

/** A clock whose time changes only when the test calls `set` or `advance`. */
export class FakeClock implements Clock {
  private current: Date;

  constructor(start: Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(time: Date): void {
    this.current = new Date(time);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  extra: LogFields[];
}

/** Records every log call with its level, message and fields. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string, ...extra: LogFields[]): void {
    this.entries.push({ level: 'debug', message, extra });
  }

  info(message: string, ...extra: LogFields[]): void {
    this.entries.push({ level: 'info', message, extra });
  }

  warn(message: string, ...extra: LogFields[]): void {
    this.entries.push({ level: 'warn', message, extra });
  }

  error(message: string, ...extra: LogFields[]): void {
    this.entries.push({ level: 'error', message, extra });
  }

  /** Returns the messages logged at one level, in order. */
  messages(level: LogLevel): string[] {
    return this.entries.filter((entry) => entry.level === level).map((entry) => entry.message);
  }

  /**
   * Serializes every entry to JSON. Errors are expanded to name, message, stack and cause,
   * because `JSON.stringify` writes an `Error` as `{}` and would hide what it carries.
   */
  toJson(): string {
    return JSON.stringify(this.entries, (_key, value: unknown) => {
      if (value instanceof Error) {
        return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
      }

      return value;
    });
  }
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

/** Runs in a `Map`, with the create condition of the DynamoDB adapter. */
export class InMemoryRunStore implements RunStore {
  readonly runs = new Map<string, RunRecord>();
  saves = 0;

  async get(runId: string): Promise<RunRecord | undefined> {
    return copy(this.runs.get(runId));
  }

  async create(run: RunRecord): Promise<boolean> {
    if (this.runs.has(run.runId)) {
      return false;
    }

    this.runs.set(run.runId, structuredClone(run));
    return true;
  }

  async save(run: RunRecord): Promise<void> {
    this.saves += 1;
    this.runs.set(run.runId, structuredClone(run));
  }

  lease: { holder: string; until: string } | undefined;

  async acquireLease(runId: string, now: string, until: string): Promise<{ acquired: true } | { acquired: false; holder: string }> {
    if (this.lease && this.lease.until >= now && this.lease.holder !== runId) {
      return { acquired: false, holder: this.lease.holder };
    }

    this.lease = { holder: runId, until };
    return { acquired: true };
  }

  async releaseLease(runId: string): Promise<void> {
    if (this.lease?.holder === runId) {
      this.lease = undefined;
    }
  }
}
