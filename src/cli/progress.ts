import type { RunCounters } from '../core/invitation-run/run-record.ts';

const BAR_WIDTH = 24;

/** Counts every customer a run has decided on so far. */
export function processedCount(counters: RunCounters): number {
  const skipped = Object.values(counters.skipped).reduce((sum, count) => sum + count, 0);
  return counters.sent + counters.remindersSent + counters.failed + counters.unconfirmed + skipped;
}

/**
 * Creates a one-line progress bar on standard error, redrawn in place on a terminal and printed as plain
 * lines at most every few seconds elsewhere, so logs of CI runs stay short.
 */
export function createProgressBar(totalEstimate: number | undefined, stream: NodeJS.WriteStream = process.stderr) {
  const startedAt = Date.now();
  let lastPlainLine = 0;
  let lastRedraw = 0;

  return {
    update(counters: RunCounters): void {
      // Redrawing for every customer would cost more than sending; five times a second is enough.
      if (stream.isTTY && Date.now() - lastRedraw < 200) {
        return;
      }

      lastRedraw = Date.now();
      const processed = processedCount(counters);
      const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
      const rate = (counters.sent + counters.remindersSent) / seconds;
      const line = `${bar(processed, totalEstimate)} ${processed}${totalEstimate ? `/${totalEstimate}` : ''} customers · ${counters.sent} sent · ${counters.remindersSent} reminders · ${counters.failed} failed · ${rate.toFixed(1)} SMS/s`;

      if (stream.isTTY) {
        stream.write(`\r${line.padEnd(stream.columns ? stream.columns - 1 : line.length)}`);
      } else if (Date.now() - lastPlainLine > 5000) {
        stream.write(`${line}\n`);
        lastPlainLine = Date.now();
      }
    },

    finish(): void {
      if (stream.isTTY) {
        stream.write('\n');
      }
    },
  };
}

function bar(processed: number, total: number | undefined): string {
  if (!total) {
    return '';
  }

  const filled = Math.min(BAR_WIDTH, Math.round((processed / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}
