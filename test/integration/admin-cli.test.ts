import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../src/core/admin/calendar.ts';
import type { AdminStats } from '../../src/core/admin/stats.ts';
import type { Review } from '../../src/core/reviews.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { SeededInvitation } from '../helpers/seed.ts';
import { seedInvitation } from '../helpers/seed.ts';
import { submitReviewJson } from '../helpers/admin-http.ts';

const TIME_ZONE = 'America/Chicago';
const HOSTILE_TEXT = '=HYPERLINK("http://example.test/steal","Open")';
const AWKWARD_TEXT = 'Great "flat white", friendly staff.\nWill come back; really.';

/** Customers and what they do with their link. Those without a rating write no review, and `opens` tells whether they open the link. */
const SEED = [
  { name: 'Ana Lima', rating: 5, text: AWKWARD_TEXT, opens: true },
  { name: 'Ben Okoro', rating: 1, text: HOSTILE_TEXT, opens: true },
  { name: 'Chen Wei', rating: 4, text: 'Good', opens: true },
  { name: 'Dana Zoë', rating: 5, text: 'Zoë loved it ☕ 👍🏽', opens: true },
  { name: 'Eli Stone', opens: true },
  { name: 'Fay Moss', opens: false },
] as const;

describe('admin CLI on the local stack', () => {
  let stack: TestStack;
  let seeded: SeededInvitation[];
  const reviewIds = new Map<string, string>();

  beforeAll(async () => {
    process.env.STARLING_TIME_ZONE = TIME_ZONE;
    stack = await startTestStack();
    const { invitations } = createStores(process.env);

    seeded = [];
    for (const customer of SEED) {
      const invitation = await seedInvitation(stack, { name: customer.name, firstName: customer.name.split(' ')[0] });
      await invitations.markSent(invitation.invitationId, `msg-${invitation.invitationId}`, new Date().toISOString());
      seeded.push(invitation);

      if (customer.opens) {
        expect((await fetch(`${stack.url}/review?token=${invitation.token}`)).status).toBe(200);
      }

      if ('rating' in customer) {
        reviewIds.set(customer.name, await submitReview(invitation.token, customer.rating, customer.text));
      }
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists every review with the counts', async () => {
    const result = await runCli(stack.paths.root, ['reviews']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Reviews: 4 new, 0 approved, 0 rejected.');
    expect(result.stdout.match(/^\S+ {2}[★☆]{5} {2}new {7}[0-9a-f]{32}$/gm)).toHaveLength(4);
    expect(result.stdout).toContain('  Great "flat white", friendly staff.\n  Will come back; really.');
  });

  it('filters reviews by rating and day', async () => {
    const today = localDay(new Date(), TIME_ZONE);

    const fiveStars = await runCli(stack.paths.root, ['reviews', '--rating', '5', '--from', addDays(today, -1), '--to', addDays(today, 1)]);
    const earlier = await runCli(stack.paths.root, ['reviews', '--to', addDays(today, -2)]);

    expect(fiveStars.stdout).toContain('Reviews: 2 new, 0 approved, 0 rejected (rating 5,');
    expect(fiveStars.stdout.match(/★★★★★/g)).toHaveLength(2);
    expect(earlier.stdout).toContain('Reviews: 0 new, 0 approved, 0 rejected');
    expect(earlier.stdout).toContain('No reviews match.');
  });

  it('says how many reviews are not shown', async () => {
    const result = await runCli(stack.paths.root, ['reviews', '--limit', '1']);

    expect(result.stdout.match(/★/g)?.length).toBeGreaterThan(0);
    expect(result.stdout).toContain('3 more reviews are not shown');
  });

  it('rejects an invalid filter with exit 2', async () => {
    const result = await runCli(stack.paths.root, ['reviews', '--rating', '7']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('rating must be whole stars from 1 to 5, got "7"');
  });

  it('approves a new review and records who did', async () => {
    const reviewId = idOf('Ana Lima');

    const result = await runCli(stack.paths.root, ['approve', reviewId]);
    const stored = await readReview(reviewId);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Approved review ${reviewId} (was new).`);
    expect(stored.status).toBe('approved');
    expect(stored.moderatedBy).toBe(userInfo().username);
    expect(stored.history).toEqual([{ status: 'approved', by: userInfo().username, at: stored.moderatedAt }]);
  });

  it('refuses to approve a review twice', async () => {
    const reviewId = idOf('Ana Lima');

    const result = await runCli(stack.paths.root, ['approve', reviewId]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`review ${reviewId} is already approved by ${userInfo().username}`);
    expect((await readReview(reviewId)).history).toHaveLength(1);
  });

  it('rejects a review with a reason', async () => {
    const reviewId = idOf('Ben Okoro');

    const result = await runCli(stack.paths.root, ['reject', reviewId, '--reason', 'Link spam']);
    const stored = await readReview(reviewId);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Rejected review ${reviewId} (was new).\nReason: Link spam`);
    expect(stored.status).toBe('rejected');
    expect(stored.moderationReason).toBe('Link spam');
  });

  it('names a review id that does not exist', async () => {
    const result = await runCli(stack.paths.root, ['approve', '0'.repeat(32)]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no review has the id "${'0'.repeat(32)}"`);
  });

  it('rejects a reason that is too long with exit 2', async () => {
    const result = await runCli(stack.paths.root, ['reject', idOf('Chen Wei'), '--reason', 'x'.repeat(501)]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('reason must be at most 500 characters, got 501');
    expect((await readReview(idOf('Chen Wei'))).status).toBe('new');
  });

  it('needs a review id to approve', async () => {
    const result = await runCli(stack.paths.root, ['approve']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('approve needs exactly one review id');
  });

  it('lists one status with every count', async () => {
    const result = await runCli(stack.paths.root, ['reviews', '--status', 'approved']);

    expect(result.stdout).toContain('Reviews: 2 new, 1 approved, 1 rejected.');
    expect(result.stdout).toContain(idOf('Ana Lima'));
    expect(result.stdout).not.toContain(idOf('Chen Wei'));
    expect(result.stdout).toContain(`  approved by ${userInfo().username} at `);
  });

  it('exports a CSV file that parses back', async () => {
    const file = join(stack.paths.root, 'reviews.csv');

    const result = await runCli(stack.paths.root, ['export', file]);
    const bytes = await readFile(file);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const byName = new Map(rows.map((row) => [row.customer_name, row]));

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Exported 4 reviews to ${file}.`);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(rows.map((row) => row.status)).toEqual(['new', 'new', 'rejected', 'approved']);
    expect(byName.get('Ana Lima')?.text).toBe(AWKWARD_TEXT);
    expect(byName.get('Ben Okoro')?.text).toBe(`'${HOSTILE_TEXT}`);
    expect(byName.get('Ben Okoro')?.moderation_reason).toBe('Link spam');
    expect(byName.get('Dana Zoë')?.text).toBe('Zoë loved it ☕ 👍🏽');
    expect(byName.get('Ana Lima')?.rating).toBe('5');
    expect(byName.get('Ana Lima')?.moderated_by).toBe(userInfo().username);
    for (const invitation of seeded) {
      expect(bytes.toString('utf8')).not.toContain(invitation.customer.phone);
    }
  });

  it('keeps an existing file unless forced', async () => {
    const file = join(stack.paths.root, 'reviews.csv');

    const refused = await runCli(stack.paths.root, ['export', file, '--status', 'new']);
    const forced = await runCli(stack.paths.root, ['export', file, '--status', 'new', '--force']);
    const rows = parse(await readFile(file), { bom: true, columns: true }) as Record<string, string>[];

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists; choose another name, or pass --force to replace it');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Exported 2 reviews');
    expect(rows).toHaveLength(2);
  });

  it('names a folder given as the file', async () => {
    const result = await runCli(stack.paths.root, ['export', stack.paths.root, '--force']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${stack.paths.root} is a folder; name a file in it`);
  });

  it('exports to standard output', async () => {
    const result = await runCli(stack.paths.root, ['export', '--status', 'rejected']);
    const rows = parse(result.stdout, { bom: true, columns: true }) as Record<string, string>[];

    expect(result.code).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.review_id).toBe(idOf('Ben Okoro'));
  });

  it('shows the numbers as a report', async () => {
    const result = await runCli(stack.paths.root, ['stats', '--weeks', '2']);
    const lines = result.stdout.trimEnd().split('\n');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(weeks in ${TIME_ZONE})`);
    expect(lines).toContain('  Sent       6');
    expect(lines).toContain('  Opened     5 (83% of sent)');
    expect(lines).toContain('  Answered   4 (67% response rate)');
    expect(lines).toContain('Reviews      4 (2 new, 1 approved, 1 rejected)');
    expect(lines).toContain('  Average    3.8 stars');
    expect(lines.filter((line) => /^ {2}\d ★ /.test(line)).map((line) => line.trim().split(/\s+/).at(-1))).toEqual(['2', '1', '0', '0', '1']);
    expect(lines.at(-1)).toMatch(/^ {2}\d{4}-\d{2}-\d{2} +6 +4 +3\.8$/);
  });

  it('prints the raw numbers as JSON', async () => {
    const result = await runCli(stack.paths.root, ['stats', '--json']);
    const stats = JSON.parse(result.stdout) as AdminStats;

    expect(stats.timeZone).toBe(TIME_ZONE);
    expect(stats.invitations).toEqual({ sent: 6, opened: 5, answered: 4, responseRate: 4 / 6 });
    expect(stats.reviews).toEqual({ total: 4, byStatus: { new: 2, approved: 1, rejected: 1 }, averageRating: 3.75, distribution: [1, 0, 0, 1, 2] });
    expect(stats.weekly).toHaveLength(12);
  });

  function idOf(name: string): string {
    const reviewId = reviewIds.get(name);
    if (!reviewId) {
      throw new Error(`no review was seeded for ${name}`);
    }

    return reviewId;
  }

  async function readReview(reviewId: string): Promise<Review> {
    const review = await createStores(process.env).reviews.get(reviewId);
    if (!review) {
      throw new Error(`review ${reviewId} is not stored`);
    }

    return review;
  }

  function submitReview(token: string, rating: number, text: string): Promise<string> {
    return submitReviewJson(stack.url, token, rating, text);
  }
});
