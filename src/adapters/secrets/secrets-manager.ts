import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { TokenKeyRing } from '../../core/tokens.ts';
import { parseKeyRing } from './token-key-ring.ts';

/** How long a warm function keeps the keys before asking Secrets Manager again, so a rotation reaches it. */
const CACHE_SECONDS = 300;

/** Reads the signing keys from Secrets Manager through the Powertools cache. */
export function secretsManagerKeyRingProvider(secretId: string): () => Promise<TokenKeyRing> {
  return async () => {
    const secret = await getSecret(secretId, { maxAge: CACHE_SECONDS, transform: 'json' });
    return parseKeyRing(secret, `secret ${secretId}`);
  };
}
