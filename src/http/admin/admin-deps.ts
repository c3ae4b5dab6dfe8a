import type { Clock, CustomerStore, InvitationStore, Logger, ReviewStore } from '../../core/ports.ts';
import type { AdminAuth } from './auth/admin-auth.ts';

/** The stores and settings the admin routes use, built once per cold start by the admin function. */
export interface AdminDeps {
  reviews: ReviewStore;
  customers: CustomerStore;
  invitations: InvitationStore;
  clock: Clock;
  logger: Logger;
  auth: AdminAuth;
  businessName: string;
  /** The business's time zone: date filters and weekly numbers follow its days. */
  timeZone: string;
}
