import { requireVariable } from '../../config.ts';
import type { AdminStats } from '../../core/admin/stats.ts';
import { computeStats, formatPercent, formatRating, MAX_STATS_WEEKS } from '../../core/admin/stats.ts';
import { MAX_RATING, MIN_RATING, REVIEW_STATUSES } from '../../core/reviews.ts';
import { createStores } from '../../functions/shared/runtime.ts';
import { withLocalData } from '../session.ts';
import { CliUsageError } from '../usage.ts';

const BAR_WIDTH = 30;

/** `starling stats [--weeks N] [--json]`: invitations, reviews, the star distribution and the last weeks. */
export async function statsCommand(options: { json: boolean; weeks?: string }): Promise<number> {
  const weeks = parseWeeks(options.weeks);

  const stats = await withLocalData(() => {
    const { reviews, invitations } = createStores(process.env);
    const timeZone = requireVariable(process.env, 'STARLING_TIME_ZONE');
    return computeStats({ reviews, invitations }, { now: new Date(), timeZone, ...(weeks !== undefined ? { weeks } : {}) });
  });

  console.log(options.json ? JSON.stringify(stats, null, 2) : formatStatsReport(stats));
  return 0;
}

/** Formats the numbers as a text report; percentages and averages are rounded only here. */
export function formatStatsReport(stats: AdminStats): string {
  const { invitations, reviews } = stats;
  const opened = invitations.sent === 0 ? null : invitations.opened / invitations.sent;
  const byStatus = REVIEW_STATUSES.map((status) => `${reviews.byStatus[status]} ${status}`).join(', ');

  return [
    `Starling statistics at ${stats.generatedAt} (weeks in ${stats.timeZone})`,
    '',
    'Invitations',
    `  Sent       ${invitations.sent}`,
    `  Opened     ${invitations.opened} (${formatPercent(opened)} of sent)`,
    `  Answered   ${invitations.answered} (${formatPercent(invitations.responseRate)} response rate)`,
    '',
    `Reviews      ${reviews.total} (${byStatus})`,
    `  Average    ${formatRating(reviews.averageRating)} stars`,
    ...distributionBars(reviews.distribution),
    '',
    `Last ${stats.weekly.length} ${stats.weekly.length === 1 ? 'week' : 'weeks'}, Monday to Sunday`,
    '  Week of     Invitations  Reviews  Average',
    ...stats.weekly.map(
      (week) => `  ${week.weekStart}  ${String(week.invitationsSent).padStart(11)}  ${String(week.reviews).padStart(7)}  ${formatRating(week.averageRating).padStart(7)}`,
    ),
  ].join('\n');
}

/** Draws one line per star, 5 down to 1, with a bar scaled to the most common rating. */
function distributionBars(distribution: readonly number[]): string[] {
  const largest = Math.max(...distribution, 0);
  const lines: string[] = [];

  for (let stars = MAX_RATING; stars >= MIN_RATING; stars -= 1) {
    const count = distribution[stars - MIN_RATING] ?? 0;
    // Any count above zero gets at least one block, so a rare rating stays visible.
    const width = largest === 0 ? 0 : Math.max(count > 0 ? 1 : 0, Math.round((count / largest) * BAR_WIDTH));
    lines.push(`  ${stars} ★  ${'█'.repeat(width).padEnd(BAR_WIDTH)}  ${count}`);
  }

  return lines;
}

function parseWeeks(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }

  const weeks = Number(value);
  if (!/^\d+$/.test(value) || weeks < 1 || weeks > MAX_STATS_WEEKS) {
    throw new CliUsageError(`--weeks must be a whole number from 1 to ${MAX_STATS_WEEKS}, got "${value}"`);
  }

  return weeks;
}
