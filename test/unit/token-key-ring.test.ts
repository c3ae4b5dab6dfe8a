import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyRing, parseKeyRing } from '../../src/adapters/secrets/token-key-ring.ts';
import { ConfigError } from '../../src/core/errors.ts';

const SECRET_1 = randomBytes(32).toString('base64');
const SECRET_2 = randomBytes(32).toString('base64');

describe('parseKeyRing', () => {
  it('signs with the current key', () => {
    const keyRing = parseKeyRing({ currentKeyId: 2, keys: [{ id: 1, secret: SECRET_1 }, { id: 2, secret: SECRET_2 }] }, 'test');

    expect(keyRing.current.id).toBe(2);
    expect(keyRing.current.secret.toString('base64')).toBe(SECRET_2);
    expect(keyRing.verifyOnly.map((key) => key.id)).toEqual([1]);
  });

  it('reads a generated key ring', () => {
    const keyRing = parseKeyRing(generateKeyRing(new Date('2026-01-01T00:00:00Z')), 'test');

    expect(keyRing.current.secret).toHaveLength(32);
  });

  it('reads the form CloudFormation generates', () => {
    const keyRing = parseKeyRing({ currentKeyId: 1, generatedSecret: 'aB3'.repeat(21) + 'x' }, 'secret');

    expect(keyRing.current.id).toBe(1);
    expect(keyRing.current.secret).toHaveLength(48);
    expect(keyRing.verifyOnly).toEqual([]);
  });

  it.each([
    ['a short generated secret', { currentKeyId: 1, generatedSecret: 'a'.repeat(40) }],
    ['a short key', { currentKeyId: 1, keys: [{ id: 1, secret: randomBytes(16).toString('base64') }] }],
    ['no key with the current id', { currentKeyId: 3, keys: [{ id: 1, secret: SECRET_1 }] }],
    ['no keys', { currentKeyId: 1, keys: [] }],
    ['a key id above 255', { currentKeyId: 256, keys: [{ id: 256, secret: SECRET_1 }] }],
    ['not an object', 'secret'],
  ])('rejects %s', (_case, json) => {
    expect(() => parseKeyRing(json, 'test')).toThrow(ConfigError);
  });
});
