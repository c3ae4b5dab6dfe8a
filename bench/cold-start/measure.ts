import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));
const NETWORK_GUARD_URL = new URL('./network-guard.mjs', import.meta.url).href;
/** A start that takes longer than this is stuck, so the child is killed and the benchmark fails. */
const CHILD_TIMEOUT_MS = 30_000;

export interface StartSample {
  /** From `spawn` in the parent to the runner's `ready` line: Node.js start-up plus the bundle's import. */
  readyMs: number;
  /** The `await import(bundle)` alone, timed inside the child. */
  importMs: number;
}

/**
 * Starts a fresh `node` process that imports `bundleFile` and checks its handler, and times it from
 * the parent. The child gets only `env`, so no loader or option of this process reaches it.
 */
export async function timeStart(bundleFile: string, env: NodeJS.ProcessEnv): Promise<StartSample> {
  const started = performance.now();
  const { stdout, readyAt, failure } = await runChild([RUNNER, pathToFileURL(bundleFile).href], env);
  if (failure) {
    throw new Error(failure);
  }

  const match = /^ready ([\d.]+)$/m.exec(stdout);
  if (!match?.[1] || readyAt === undefined) {
    throw new Error(`the runner printed no ready line for ${bundleFile}: ${stdout}`);
  }

  return { readyMs: readyAt - started, importMs: Number(match[1]) };
}

/**
 * Imports `bundleFile` in a fresh process with every TCP connection and DNS lookup blocked, and
 * returns the attempts made from the start of the import until the process exits by itself.
 */
export async function findNetworkAttempts(bundleFile: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  // A blocked connection may end the child with an error, which is a finding here, not a failure.
  const { stdout, failure } = await runChild(['--import', NETWORK_GUARD_URL, RUNNER, pathToFileURL(bundleFile).href], env);

  const match = /^network-attempts (.*)$/m.exec(stdout);
  if (!match?.[1]) {
    throw new Error(`the network check printed no result for ${bundleFile}: ${failure ?? stdout}`);
  }

  return JSON.parse(match[1]) as string[];
}

interface ChildOutput {
  stdout: string;
  /** `performance.now()` in this process when the child's `ready` line arrived. */
  readyAt: number | undefined;
  /** The reason the child exited with a status other than 0, followed by its stderr. Absent after status 0. */
  failure?: string;
}

async function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutput> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let readyAt: number | undefined;

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (readyAt === undefined && stdout.includes('ready ')) {
      readyAt = performance.now();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  let code: number | null;
  let signal: NodeJS.Signals | null;
  try {
    [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
  } finally {
    clearTimeout(timer);
  }

  if (code === 0) {
    return { stdout, readyAt };
  }

  const reason = signal === 'SIGKILL' ? `did not exit within ${CHILD_TIMEOUT_MS / 1000} s` : `exited with ${code ?? signal}`;
  return { stdout, readyAt, failure: `node ${args.join(' ')} ${reason}:\n${stderr.trim()}` };
}
