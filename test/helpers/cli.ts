import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npx starling …` as a user would, on the given data folder; never throws on a non-zero exit. */
export async function runCli(dataDir: string, args: string[]): Promise<CliResult> {
  try {
    // PORT is left out so links built without a running server use the documented default.
    const { PORT: _port, ...env } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['bin/starling.js', ...args], {
      // Quiet hours are tested with a fake clock; here the real clock must not decide the outcome.
      env: { ...env, STARLING_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'WARN', STARLING_SENDING_WINDOW: '0-24' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
