import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** Starts the next invocation of a paused run: an asynchronous invoke of this same function. */
export interface RunContinuation {
  continueRun(runId: string): Promise<void>;
}

// NOTE: only reached on AWS; no test invokes it, and the local CLI continues paused runs by looping.
export class LambdaSelfInvoker implements RunContinuation {
  constructor(
    private readonly functionName: string,
    private readonly client = new LambdaClient({}),
  ) {}

  async continueRun(runId: string): Promise<void> {
    await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ runId })) }));
  }
}

/** Used where something else continues paused runs, such as the local CLI, which loops. */
export const noContinuation: RunContinuation = { continueRun: async () => undefined };
