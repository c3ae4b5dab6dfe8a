import { access, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportReviewsCsv } from '../../core/admin/export.ts';
import { parseStatusView } from '../../core/admin/review-query.ts';
import type { ReviewStatus } from '../../core/reviews.ts';
import { createStores } from '../../functions/shared/runtime.ts';
import { withLocalData } from '../session.ts';
import { CliUsageError } from '../usage.ts';

/** Owner read and write only, because the file contains customer names. */
const FILE_MODE = 0o600;

/**
 * `starling export [FILE] [--status S] [--force]`: writes the reviews as CSV to FILE, or to standard
 * output without one. An existing FILE is replaced only with `--force`.
 */
export async function exportCommand(args: string[], options: { status?: string; force: boolean }): Promise<number> {
  const [file, ...extra] = args;
  if (extra.length > 0) {
    throw new CliUsageError(`export writes one file, got ${args.length} names; quote a name that contains spaces`);
  }

  const view = parseStatusView(options.status);
  const status = view === 'all' ? undefined : view;
  if (file && (await isFolder(file))) {
    console.error(`starling: ${file} is a folder; name a file in it, for example ${join(file, 'reviews.csv')}`);
    return 1;
  }

  if (file && !options.force && (await exists(file))) {
    console.error(`starling: ${file} already exists; choose another name, or pass --force to replace it`);
    return 1;
  }

  if (!file) {
    await withLocalData(() => writeToStandardOutput(status));
    return 0;
  }

  const count = await withLocalData(() => writeToFile(file, status, options.force));
  console.error(`Exported ${count} ${count === 1 ? 'review' : 'reviews'} to ${file}.`);
  return 0;
}

/**
 * Opens the file with `wx` unless forced, so a file created since the check above is still not
 * replaced. A failure removes the half-written file, so it cannot pass for a complete export.
 */
async function writeToFile(file: string, status: ReviewStatus | undefined, force: boolean): Promise<number> {
  const handle = await openExportFile(file, force);
  const rows = countingRows(status);

  try {
    // `open` applies the mode only when it creates the file, so a replaced file gets it here.
    await handle.chmod(FILE_MODE);
    await pipeline(Readable.from(rows.chunks), handle.createWriteStream());
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }

  return rows.count();
}

async function writeToStandardOutput(status: ReviewStatus | undefined): Promise<void> {
  try {
    // `end: false` because standard output must stay open for the process's other messages.
    await pipeline(Readable.from(exportReviewsCsv(createStores(process.env), status ? { status } : {})), process.stdout, { end: false });
  } catch (error) {
    // A reader that stops early (`| head`) closes the pipe. That ends the export, but is no failure.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') {
      throw error;
    }
  }
}

async function openExportFile(file: string, force: boolean) {
  try {
    return await open(file, force ? 'w' : 'wx', FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new Error(`${file} already exists; choose another name, or pass --force to replace it`, { cause: error });
    }

    throw new Error(`cannot write ${file}: ${code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`, { cause: error });
  }
}

/** Wraps the export's chunks to count the reviews: the first chunk is the header, then one per review. */
function countingRows(status: ReviewStatus | undefined) {
  let chunks = 0;
  async function* counted() {
    for await (const chunk of exportReviewsCsv(createStores(process.env), status ? { status } : {})) {
      chunks += 1;
      yield chunk;
    }
  }

  return { chunks: counted(), count: () => Math.max(0, chunks - 1) };
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
