import type { CustomerStore, ReviewStore } from '../ports.ts';
import type { Review, ReviewStatus } from '../reviews.ts';
import { formatCsvRecord } from './csv.ts';
import { readQueuePage } from './review-queue.ts';

export interface ExportDeps {
  reviews: ReviewStore;
  customers: CustomerStore;
}

export const EXPORT_COLUMNS = [
  'review_id',
  'created_at',
  'status',
  'rating',
  'text',
  'customer_name',
  'moderated_by',
  'moderated_at',
  'moderation_reason',
] as const;

/**
 * Excel opens a CSV file as UTF-8 only when it starts with a byte order mark. Without one it uses
 * the system's legacy code page, so names like "Zoë" and emoji come out garbled. Other CSV
 * readers skip the mark when configured to, csv-parse with its `bom` option.
 */
export const UTF8_BOM = '\uFEFF';

const PAGE_SIZE = 100;
/** Customers whose names are kept between pages; most customers write one review, so this stays small. */
const NAME_CACHE_SIZE = 1000;
/** Customer reads in flight at once while a page's names are looked up. */
const LOOKUP_BATCH = 10;

/**
 * Writes the reviews as CSV: the BOM and header as the first chunk, then one chunk per review.
 * The order is the moderation queue's, new reviews first and each group newest first. Reviews are
 * read one page of 100 at a time, so memory stays bounded however many there are. The customer's
 * name is included but never the phone number, because the file leaves the system.
 */
export async function* exportReviewsCsv(deps: ExportDeps, options: { status?: ReviewStatus } = {}): AsyncGenerator<string> {
  yield UTF8_BOM + formatCsvRecord(EXPORT_COLUMNS);

  const names = createNameCache(deps.customers);
  let cursor: string | undefined;

  do {
    const page = await readQueuePage(deps.reviews, { status: options.status ?? 'all', filter: {}, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const pageNames = await names.lookup(page.reviews.map((review) => review.customerId));

    for (const review of page.reviews) {
      yield formatCsvRecord(exportRow(review, pageNames.get(review.customerId)));
    }

    cursor = page.nextCursor;
  } while (cursor);
}

function exportRow(review: Review, customerName: string | undefined) {
  return [
    review.reviewId,
    review.createdAt,
    review.status,
    review.rating,
    review.text,
    customerName,
    review.moderatedBy,
    review.moderatedAt,
    review.moderationReason,
  ];
}

/**
 * Looks up customer names a page at a time, a few reads in parallel, and remembers the latest
 * ones so a customer with several reviews is read once. A deleted customer gets no name.
 */
function createNameCache(customers: CustomerStore) {
  const cache = new Map<string, string | undefined>();

  function remember(customerId: string, name: string | undefined): void {
    cache.set(customerId, name);
    if (cache.size > NAME_CACHE_SIZE) {
      // A Map iterates in insertion order, so the first key is the oldest entry.
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) {
        cache.delete(oldest);
      }
    }
  }

  return {
    async lookup(customerIds: string[]): Promise<Map<string, string | undefined>> {
      const found = new Map<string, string | undefined>();
      const missing: string[] = [];
      for (const customerId of new Set(customerIds)) {
        if (cache.has(customerId)) {
          found.set(customerId, cache.get(customerId));
        } else {
          missing.push(customerId);
        }
      }

      for (let start = 0; start < missing.length; start += LOOKUP_BATCH) {
        const batch = missing.slice(start, start + LOOKUP_BATCH);
        const batchCustomers = await Promise.all(batch.map((customerId) => customers.get(customerId)));
        batch.forEach((customerId, index) => {
          const name = batchCustomers[index]?.name;
          found.set(customerId, name);
          remember(customerId, name);
        });
      }

      return found;
    },
  };
}
