/** Whether Starling may contact a customer at all. Inactive customers are kept for history only. */
export type CustomerStatus = 'active' | 'inactive';

export interface Customer {
  customerId: string;
  /** E.164, for example `+14155550132`. Absent when the import had no phone for the customer. */
  phone?: string;
  name: string;
  firstName?: string;
  email?: string;
  /** ISO 3166-1 alpha-2 country of the customer's address, when known. */
  country?: string;
  status: CustomerStatus;
  smsConsent: boolean;
  /** Set when the customer replied STOP (or another opt-out keyword); no SMS is sent after it. */
  optedOut?: boolean;
  optedOutAt?: string;
  /** IANA time zone, e.g. `America/Chicago`, for quiet hours when the phone's country has several. */
  timeZone?: string;
  /** The latest invitation SMS (not a reminder) that SNS accepted, kept here so a run needs no extra reads. */
  lastInvitationId?: string;
  lastInvitedAt?: string;
  lastInvitationExpiresAt?: string;
  /** The invitation a reminder was sent for; at most one reminder per invitation. */
  remindedInvitationId?: string;
  lastReviewedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One customer as read from an import file, before it is matched to a stored customer. */
export interface CustomerInput {
  phone?: string;
  name: string;
  firstName?: string;
  email?: string;
  country?: string;
  smsConsent: boolean;
  status: CustomerStatus;
}

/**
 * Returns the name to greet a customer by: the first name, else the first word of the full name.
 * A full name written "Okafor, Maya" gives "Maya". Punctuation around the word is dropped, and the
 * result is '' when no letters remain, so messages can greet without a name.
 */
export function greetingName(customer: Pick<Customer, 'firstName' | 'name'>): string {
  const firstName = customer.firstName?.trim();
  const commaIndex = customer.name.indexOf(',');
  const given = commaIndex >= 0 ? customer.name.slice(commaIndex + 1) : customer.name;
  const word = firstName || given.trim().split(/\s+/)[0] || '';

  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
