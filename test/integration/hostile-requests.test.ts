import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import { countReviews, readKeyRing, seedInvitation } from '../helpers/seed.ts';
import { bodyAndRequestCases } from './hostile-body-cases.ts';
import type { CaseContext, RequestSpec } from './hostile-cases.ts';
import { tokenCases } from './hostile-cases.ts';

const CASES = [...tokenCases(), ...bodyAndRequestCases()];

/** Markup that must never come back unescaped, from a token, a text or a name. */
const REFLECTED_MARKUP = /<script>alert|<img src=x/i;

describe('hostile requests on the local stack', () => {
  let stack: TestStack;
  let context: CaseContext;
  const logs: string[] = [];
  const secrets: string[] = [];
  const restoreOutput: (() => void)[] = [];

  beforeAll(async () => {
    captureOutput(process.stdout, logs, restoreOutput);
    captureOutput(process.stderr, logs, restoreOutput);
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    stack = await startTestStack({ logLevel: 'DEBUG' });

    const seeded = await seedInvitation(stack, { name: '<script>alert(1)</script> Okafor', firstName: '<img src=x onerror=alert(1)>' });
    const inactive = await seedInvitation(stack, { status: 'inactive' });
    const keyRing = await readKeyRing(stack);
    context = { token: seeded.token, invitationId: seeded.invitationId, keyRing, inactiveCustomerToken: inactive.token };
    secrets.push(seeded.token, inactive.token, keyRing.current.secret.toString('base64'), seeded.customer.phone ?? '', inactive.customer.phone ?? '');
  });

  afterAll(async () => {
    restoreOutput.forEach((restore) => restore());
    await stack?.close();
  });

  it('has at least 300 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('rejects %s', async (_name, testCase) => {
    const response = await send(stack.url, testCase.build(context));
    const body = await response.text();

    expect(response.status).toBe(testCase.expectedStatus);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(body).not.toMatch(REFLECTED_MARKUP);
    expect(body).not.toMatch(/\bat .+\.ts:\d+/);
    expect(await countReviews()).toBe(0);
  });

  it('leaves the seeded link usable', async () => {
    const response = await fetch(`${stack.url}/review?token=${context.token}`);

    expect(response.status).toBe(200);
    expect(await response.text()).not.toMatch(REFLECTED_MARKUP);
  });

  it('writes no token, key or phone to the logs', () => {
    const output = logs.join('');

    expect(output).toContain('request rejected');
    for (const secret of secrets) {
      expect(output.includes(secret), `log output contains ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});

async function send(baseUrl: string, spec: RequestSpec): Promise<Response> {
  return fetch(`${baseUrl}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body, redirect: 'manual' });
}

/** Records what the functions print while letting nothing through, so the test output stays readable. */
function captureOutput(stream: NodeJS.WriteStream, sink: string[], restore: (() => void)[]): void {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
  restore.push(() => {
    stream.write = write;
  });
}
