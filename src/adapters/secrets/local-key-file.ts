import { readFile } from 'node:fs/promises';
import type { TokenKeyRing } from '../../core/tokens.ts';
import { parseKeyRing } from './token-key-ring.ts';

/** Reads the signing keys from the local data folder once; the local stack writes the file on first start. */
export function localKeyRingProvider(path: string): () => Promise<TokenKeyRing> {
  let keyRing: Promise<TokenKeyRing> | undefined;

  return () => {
    keyRing ??= readFile(path, 'utf8').then((text) => parseKeyRing(JSON.parse(text), path));
    return keyRing;
  };
}
