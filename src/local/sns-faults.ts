import { randomInt } from 'node:crypto';
import type { Environment } from '../config.ts';
import { ConfigError } from '../core/errors.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Failures the SNS stand-in injects into SMS publishes. These faults never delay or fail publishes
 * to a topic (admin notifications).
 */
export interface SnsFaults {
  /** Delay before the response to each SMS publish, in milliseconds. */
  latencyMs?: number;
  /** Share of SMS publishes, from 0 to 1, rejected with HTTP 400 `Throttling` as SNS rate limits do. */
  throttleFraction?: number;
  /** Share of SMS publishes, from 0 to 1, rejected with HTTP 500 `InternalError`. */
  temporaryErrorFraction?: number;
  /** E.164 numbers rejected with HTTP 400 `InvalidParameter` because the number is not valid. */
  invalidNumbers?: string[];
  /** E.164 numbers rejected with HTTP 400 `InvalidParameter` because the number is opted out. */
  optedOutNumbers?: string[];
  /** Seed of the generator that picks throttled and failed publishes. A random seed is used when absent. */
  seed?: number;
}

/** The environment variable that sets each fault when the local stack starts. */
export const SNS_FAULT_VARIABLES = {
  latencyMs: 'STARLING_SNS_LATENCY_MS',
  throttleFraction: 'STARLING_SNS_THROTTLE_FRACTION',
  temporaryErrorFraction: 'STARLING_SNS_TEMPORARY_ERROR_FRACTION',
  invalidNumbers: 'STARLING_SNS_INVALID_NUMBERS',
  optedOutNumbers: 'STARLING_SNS_OPTED_OUT_NUMBERS',
  seed: 'STARLING_SNS_FAULT_SEED',
} as const satisfies Record<keyof SnsFaults, string>;

const FIELD_NAMES = {
  latencyMs: 'latencyMs',
  throttleFraction: 'throttleFraction',
  temporaryErrorFraction: 'temporaryErrorFraction',
  invalidNumbers: 'invalidNumbers',
  optedOutNumbers: 'optedOutNumbers',
  seed: 'seed',
} as const satisfies Record<keyof SnsFaults, string>;

/**
 * Reads the stand-in's faults from the `STARLING_SNS_*` variables in `SNS_FAULT_VARIABLES`. Unset or
 * empty variables inject nothing. Number lists are comma-separated. Throws `ConfigError` naming the
 * variable with an invalid value.
 */
export function faultsFromEnvironment(env: Environment): SnsFaults {
  const faults: SnsFaults = {};
  for (const field of ['latencyMs', 'throttleFraction', 'temporaryErrorFraction', 'seed'] as const) {
    const text = env[SNS_FAULT_VARIABLES[field]]?.trim();
    if (text) {
      const value = Number(text);
      if (Number.isNaN(value)) {
        throw new ConfigError(`${SNS_FAULT_VARIABLES[field]} must be a number, got "${text}"`);
      }

      faults[field] = value;
    }
  }

  for (const field of ['invalidNumbers', 'optedOutNumbers'] as const) {
    const text = env[SNS_FAULT_VARIABLES[field]]?.trim();
    if (text) {
      faults[field] = text
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
    }
  }

  validateFaults(faults, SNS_FAULT_VARIABLES);
  return faults;
}

/** Throws `ConfigError` naming the first invalid fault setting; `names` labels the settings in the message. */
export function validateFaults(faults: SnsFaults, names: Record<keyof SnsFaults, string> = FIELD_NAMES): void {
  const { latencyMs, seed } = faults;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new ConfigError(`${names.latencyMs} must be a number of milliseconds of at least 0, got ${latencyMs}`);
  }

  for (const field of ['throttleFraction', 'temporaryErrorFraction'] as const) {
    const fraction = faults[field];
    if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) {
      throw new ConfigError(`${names[field]} must be a fraction from 0 to 1, got ${fraction}`);
    }
  }

  if ((faults.throttleFraction ?? 0) + (faults.temporaryErrorFraction ?? 0) > 1) {
    throw new ConfigError(`${names.throttleFraction} and ${names.temporaryErrorFraction} must add up to at most 1`);
  }

  for (const field of ['invalidNumbers', 'optedOutNumbers'] as const) {
    const invalid = faults[field]?.find((number) => !E164.test(number));
    if (invalid !== undefined) {
      throw new ConfigError(`${names[field]} must contain only E.164 phone numbers such as +14155550132, got "${invalid}"`);
    }
  }

  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new ConfigError(`${names.seed} must be a whole number, got ${seed}`);
  }
}

/** A failure injected into one SMS publish. */
export type SmsFault = 'throttled' | 'temporaryError' | 'invalidNumber' | 'optedOut';

export interface FaultInjector {
  readonly latencyMs: number;
  /** Picks the fault for one SMS publish, or undefined to accept it. Draws one random number per call. */
  pickFault(phoneNumber: string): SmsFault | undefined;
}

/** Validates `faults` and creates an injector whose random draws repeat for the same seed and call order. */
export function createFaultInjector(faults: SnsFaults): FaultInjector {
  validateFaults(faults);
  const random = createSeededRandom(faults.seed ?? randomInt(2 ** 31));
  const throttleFraction = faults.throttleFraction ?? 0;
  const failureFraction = throttleFraction + (faults.temporaryErrorFraction ?? 0);
  const invalidNumbers = new Set(faults.invalidNumbers);
  const optedOutNumbers = new Set(faults.optedOutNumbers);

  return {
    latencyMs: faults.latencyMs ?? 0,
    pickFault(phoneNumber) {
      // SNS applies its rate limit before it looks at the request, so the draw comes first.
      const draw = random();
      if (draw < throttleFraction) {
        return 'throttled';
      }

      if (draw < failureFraction) {
        return 'temporaryError';
      }

      if (invalidNumbers.has(phoneNumber)) {
        return 'invalidNumber';
      }

      return optedOutNumbers.has(phoneNumber) ? 'optedOut' : undefined;
    },
  };
}

/** Returns the SNS query-protocol error response for a fault. */
export function faultResponse(fault: SmsFault, phoneNumber: string): { status: number; type: 'Sender' | 'Receiver'; code: string; message: string } {
  switch (fault) {
    case 'throttled':
      return { status: 400, type: 'Sender', code: 'Throttling', message: 'Rate exceeded' };
    case 'temporaryError':
      return { status: 500, type: 'Receiver', code: 'InternalError', message: 'The SNS stand-in injected an internal error; try again' };
    case 'invalidNumber':
      return { status: 400, type: 'Sender', code: 'InvalidParameter', message: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to` };
    case 'optedOut':
      // NOTE: SNS words this error in more than one way, so the SMS error mapping matches only /opted out/i.
      return { status: 400, type: 'Sender', code: 'InvalidParameter', message: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is opted out` };
  }
}

/**
 * Creates Marsaglia's 32-bit xorshift generator (shifts 13, 17, 5), returning numbers in [0, 1).
 * It is fast and reproducible but not cryptographic. The seed is scrambled first, so small seeds do not
 * start with small outputs, and mapped away from 0, which xorshift never leaves.
 */
function createSeededRandom(seed: number): () => number {
  let state = Math.imul(seed | 0, 0x9e3779b9) ^ 0x5bd1e995;
  if (state === 0) {
    state = 0x6d2b79f5;
  }

  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
