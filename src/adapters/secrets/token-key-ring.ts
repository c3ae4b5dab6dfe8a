import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { ConfigError } from '../../core/errors.ts';
import type { TokenKeyRing } from '../../core/tokens.ts';

const MIN_SECRET_BYTES = 32;

/**
 * The stored form of the signing keys, the same in Secrets Manager and in the local data folder:
 * `{ "currentKeyId": 2, "keys": [{ "id": 1, "secret": "<base64>" }, { "id": 2, ... }] }`.
 * The current key signs; every listed key verifies, which lets links sent before a rotation work.
 */
const storedKeyRingSchema = z.object({
  currentKeyId: z.number().int().min(0).max(255),
  keys: z
    .array(z.object({ id: z.number().int().min(0).max(255), secret: z.string(), createdAt: z.string().optional() }))
    .min(1),
});

export type StoredKeyRing = z.infer<typeof storedKeyRingSchema>;

/**
 * The form the CDK stack generates at deploy time, because CloudFormation can generate a string
 * only as a top-level field: `{ "currentKeyId": 1, "generatedSecret": "<64 letters and digits>" }`.
 * Letters and digits are base64 characters, so the string decodes to 48 random bytes.
 */
const generatedKeyRingSchema = z.object({ currentKeyId: z.number().int().min(0).max(255), generatedSecret: z.string() });

export function parseKeyRing(json: unknown, source: string): TokenKeyRing {
  const generated = generatedKeyRingSchema.safeParse(json);
  const hasKeys = typeof json === 'object' && json !== null && 'keys' in json;
  const input =
    generated.success && !hasKeys
      ? { currentKeyId: generated.data.currentKeyId, keys: [{ id: generated.data.currentKeyId, secret: generated.data.generatedSecret }] }
      : json;

  const parsed = storedKeyRingSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`token keys in ${source} are invalid: ${z.prettifyError(parsed.error)}`);
  }

  const keys = parsed.data.keys.map((key) => ({ id: key.id, secret: Buffer.from(key.secret, 'base64') }));
  const short = keys.find((key) => key.secret.length < MIN_SECRET_BYTES);
  if (short) {
    throw new ConfigError(`token key ${short.id} in ${source} is shorter than ${MIN_SECRET_BYTES} bytes`);
  }

  const current = keys.find((key) => key.id === parsed.data.currentKeyId);
  if (!current) {
    throw new ConfigError(`token keys in ${source} have no key with the current id ${parsed.data.currentKeyId}`);
  }

  return { current, verifyOnly: keys.filter((key) => key !== current) };
}

/** Creates a key ring with one fresh 256-bit key from the operating system's CSPRNG. */
export function generateKeyRing(now: Date): StoredKeyRing {
  return { currentKeyId: 1, keys: [{ id: 1, secret: randomBytes(32).toString('base64'), createdAt: now.toISOString() }] };
}
