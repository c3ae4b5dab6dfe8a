import type { Clock, CustomerStore, InvitationStore, Logger, ReviewStore } from '../../core/ports.ts';
import type { AdminAuth } from './auth/admin-auth.ts';

/** What the admin routes use; the admin function builds it once per cold start. */
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
