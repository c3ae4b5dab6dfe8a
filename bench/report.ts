import { readFile, writeFile } from 'node:fs/promises';

const REPORT_PATH = 'docs/benchmarks.md';

/** Returns the p-th percentile of sorted values, by the nearest-rank method. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }

  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Replaces one benchmark's section of docs/benchmarks.md, between its start and end markers. */
export async function writeBenchmarkSection(name: string, lines: string[]): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = [start, ...lines, end].join('\n');

  let report: string;
  try {
    report = await readFile(REPORT_PATH, 'utf8');
  } catch {
    report = '# Benchmarks\n';
  }

  const startIndex = report.indexOf(start);
  const endIndex = report.indexOf(end);
  const updated = startIndex >= 0 && endIndex > startIndex
    ? report.slice(0, startIndex) + section + report.slice(endIndex + end.length)
    : `${report.trimEnd()}\n\n${section}\n`;

  await writeFile(REPORT_PATH, updated);
  console.log(`Wrote the ${name} results to ${REPORT_PATH}.`);
}
