import { describe, expect, it } from 'vitest';
import { TokenExpiredError, TokenInvalidError, TokenMissingError } from '../../src/core/errors.ts';
import type { TokenKey, TokenKeyRing } from '../../src/core/tokens.ts';
import { signToken, TOKEN_LENGTH, verifyToken } from '../../src/core/tokens.ts';

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TOKEN_BYTES = 37;
const INVITATION_ID_OFFSET = 1;
const INVITATION_ID_BYTES = 16;

const PREVIOUS_KEY: TokenKey = { id: 1, secret: Buffer.alloc(32, 0xa1) };
const CURRENT_KEY: TokenKey = { id: 2, secret: Buffer.alloc(32, 0xb2) };
const KEY_RING: TokenKeyRing = { current: CURRENT_KEY, verifyOnly: [PREVIOUS_KEY] };

const INVITATION_ID = '0123456789abcdef0123456789abcdef';
const OTHER_INVITATION_ID = 'fedcba9876543210fedcba9876543210';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const EXPIRES_AT = new Date('2025-03-08T10:00:00.000Z');
const TOKEN = signToken(KEY_RING, INVITATION_ID, EXPIRES_AT);

/** Set `STARLING_FUZZ_SEED` to rerun the random cases of a failed run. */
const FUZZ_SEED = Number(process.env.STARLING_FUZZ_SEED ?? Date.now() % 0xffffffff);
const FUZZ_CASES = 2_000;

/**
 * Returns a generator of integers in `[0, limit)` from a xorshift32 sequence with shifts 13, 17
 * and 5. The same seed always yields the same cases.
 */
function createRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit) => {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    return state % limit;
  };
}

function replaceCharacter(text: string, index: number, character: string): string {
  return `${text.slice(0, index)}${character}${text.slice(index + 1)}`;
}

/** Runs `verify` and returns what it threw, or `undefined` when it returned normally. */
function thrownBy(verify: () => unknown): unknown {
  try {
    verify();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('tokens', () => {
  describe('signToken', () => {
    it('returns TOKEN_LENGTH characters', () => {
      // Act
      const token = signToken(KEY_RING, INVITATION_ID, EXPIRES_AT);

      // Assess
      expect(token).toHaveLength(TOKEN_LENGTH);
    });

    it('keeps TOKEN_LENGTH at 50', () => {
      // Assess
      expect(TOKEN_LENGTH).toBe(50);
    });

    it('uses only base64url characters', () => {
      // Act
      const token = signToken(KEY_RING, INVITATION_ID, EXPIRES_AT);

      // Assess
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it('signs with the current key', () => {
      // Act
      const token = signToken(KEY_RING, INVITATION_ID, EXPIRES_AT);

      // Assess
      expect(verifyToken(KEY_RING, token, NOW).keyId).toBe(CURRENT_KEY.id);
    });

    it.each([
      { label: 'upper-case hex', invitationId: INVITATION_ID.toUpperCase() },
      { label: '31 hex digits', invitationId: INVITATION_ID.slice(0, 31) },
      { label: '33 hex digits', invitationId: `${INVITATION_ID}0` },
      { label: '34 hex digits', invitationId: `${INVITATION_ID}00` },
      { label: 'non-hex letter', invitationId: `${INVITATION_ID.slice(0, 31)}g` },
      { label: 'UUID with dashes', invitationId: '01234567-89ab-cdef-0123-456789abcdef' },
      { label: 'empty string', invitationId: '' },
    ])('rejects invitation id as $label', ({ invitationId }) => {
      // Act
      const sign = () => signToken(KEY_RING, invitationId, EXPIRES_AT);

      // Assess
      expect(sign).toThrow(TokenInvalidError);
    });
  });

  describe('verifyToken', () => {
    it('returns the signed invitation id', () => {
      // Act
      const verified = verifyToken(KEY_RING, TOKEN, NOW);

      // Assess
      expect(verified.invitationId).toBe(INVITATION_ID);
    });

    it('returns expiry to the second', () => {
      // Prepare
      const token = signToken(KEY_RING, INVITATION_ID, new Date('2025-03-08T10:00:00.999Z'));

      // Act
      const verified = verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verified.expiresAt).toEqual(new Date('2025-03-08T10:00:00.000Z'));
    });

    it('returns the signing key id', () => {
      // Act
      const verified = verifyToken(KEY_RING, TOKEN, NOW);

      // Assess
      expect(verified.keyId).toBe(CURRENT_KEY.id);
    });

    it('accepts previous key when verify-only', () => {
      // Prepare
      const token = signToken({ current: PREVIOUS_KEY, verifyOnly: [] }, INVITATION_ID, EXPIRES_AT);

      // Act
      const verified = verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verified).toEqual({ invitationId: INVITATION_ID, expiresAt: EXPIRES_AT, keyId: PREVIOUS_KEY.id });
    });

    it('rejects previous key once removed', () => {
      // Prepare
      const token = signToken({ current: PREVIOUS_KEY, verifyOnly: [] }, INVITATION_ID, EXPIRES_AT);
      const rotatedKeyRing: TokenKeyRing = { current: CURRENT_KEY, verifyOnly: [] };

      // Act
      const verify = () => verifyToken(rotatedKeyRing, token, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it('rejects token signed with other secret', () => {
      // Prepare
      const impostorKey: TokenKey = { id: CURRENT_KEY.id, secret: Buffer.alloc(32, 0xc3) };
      const token = signToken({ current: impostorKey, verifyOnly: [] }, INVITATION_ID, EXPIRES_AT);

      // Act
      const verify = () => verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it('rejects token of unknown key id', () => {
      // Prepare
      const unknownKey: TokenKey = { id: 9, secret: CURRENT_KEY.secret };
      const token = signToken({ current: unknownKey, verifyOnly: [] }, INVITATION_ID, EXPIRES_AT);

      // Act
      const verify = () => verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it.each([
      { label: 'empty string', token: '' },
      { label: 'undefined', token: undefined },
      { label: 'null', token: null },
    ])('rejects $label as missing', ({ token }) => {
      // Act
      const verify = () => verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verify).toThrow(TokenMissingError);
    });

    it.each([
      { label: 'number', token: 12345 },
      { label: 'list of tokens', token: [TOKEN] },
      { label: 'object', token: { token: TOKEN } },
    ])('rejects $label as invalid', ({ token }) => {
      // Act
      const verify = () => verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it.each([
      { label: 'plus sign', token: replaceCharacter(TOKEN, 10, '+') },
      { label: 'slash', token: replaceCharacter(TOKEN, 10, '/') },
      { label: '= padding', token: `${TOKEN.slice(0, -2)}==` },
      { label: 'appended = padding', token: `${TOKEN}==` },
      { label: 'leading space', token: ` ${TOKEN.slice(1)}` },
      { label: 'inner space', token: replaceCharacter(TOKEN, 25, ' ') },
      { label: 'trailing newline', token: `${TOKEN}\n` },
      { label: 'surrounding spaces', token: ` ${TOKEN} ` },
      { label: 'truncation by one', token: TOKEN.slice(0, -1) },
      { label: 'extension by one', token: `${TOKEN}A` },
      { label: 'only spaces', token: ' '.repeat(TOKEN_LENGTH) },
      { label: 'standard base64 spelling', token: Buffer.from(TOKEN, 'base64url').toString('base64') },
    ])('rejects token with $label', ({ token }) => {
      // Act
      const verify = () => verifyToken(KEY_RING, token, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it('rejects every single-character change', () => {
      // Prepare
      const accepted: string[] = [];

      // Act
      for (let index = 0; index < TOKEN.length; index += 1) {
        for (const character of BASE64URL_ALPHABET) {
          if (character === TOKEN[index]) {
            continue;
          }

          const error = thrownBy(() => verifyToken(KEY_RING, replaceCharacter(TOKEN, index, character), NOW));
          if (!(error instanceof TokenInvalidError)) {
            accepted.push(`position ${index} changed to ${character}`);
          }
        }
      }

      // Assess
      expect(accepted).toEqual([]);
    });

    it('rejects non-canonical last character', () => {
      // Prepare
      // The last character carries the final 2 bits of the 37 bytes and 4 spare bits that decoders
      // ignore, so each nonzero spare pattern decodes to the same bytes.
      const lastIndex = BASE64URL_ALPHABET.indexOf(TOKEN.slice(-1));
      const variants = Array.from({ length: 15 }, (_, spareBits) => {
        const character = BASE64URL_ALPHABET[lastIndex | (spareBits + 1)] ?? '';
        return replaceCharacter(TOKEN, TOKEN.length - 1, character);
      });

      // Act
      const accepted = variants.filter((variant) => !(thrownBy(() => verifyToken(KEY_RING, variant, NOW)) instanceof TokenInvalidError));

      // Assess
      expect(variants.every((variant) => Buffer.from(variant, 'base64url').equals(Buffer.from(TOKEN, 'base64url')))).toBe(true);
      expect(accepted).toEqual([]);
    });

    it('rejects other invitation id with original MAC', () => {
      // Prepare
      const bytes = Buffer.from(TOKEN, 'base64url');
      Buffer.from(OTHER_INVITATION_ID, 'hex').copy(bytes, INVITATION_ID_OFFSET);
      const forged = bytes.toString('base64url');

      // Act
      const verify = () => verifyToken(KEY_RING, forged, NOW);

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });

    it('rejects token after its expiry', () => {
      // Act
      const verify = () => verifyToken(KEY_RING, TOKEN, new Date(EXPIRES_AT.getTime() + 1_000));

      // Assess
      expect(verify).toThrow(TokenExpiredError);
    });

    it('rejects token at its expiry', () => {
      // Act
      const verify = () => verifyToken(KEY_RING, TOKEN, EXPIRES_AT);

      // Assess
      expect(verify).toThrow(TokenExpiredError);
    });

    it('accepts token just before expiry', () => {
      // Act
      const verified = verifyToken(KEY_RING, TOKEN, new Date(EXPIRES_AT.getTime() - 1));

      // Assess
      expect(verified.invitationId).toBe(INVITATION_ID);
    });

    it('reports expiry time when expired', () => {
      // Act
      const error = thrownBy(() => verifyToken(KEY_RING, TOKEN, EXPIRES_AT));

      // Assess
      expect(error).toMatchObject({ expiredAt: EXPIRES_AT });
    });

    it('checks signature before expiry', () => {
      // Prepare
      const expiredAndForged = replaceCharacter(TOKEN, 30, TOKEN[30] === 'A' ? 'B' : 'A');

      // Act
      const verify = () => verifyToken(KEY_RING, expiredAndForged, new Date(EXPIRES_AT.getTime() + 1_000));

      // Assess
      expect(verify).toThrow(TokenInvalidError);
    });
  });

  describe('verifyToken with random input', () => {
    it('rejects random base64url strings', () => {
      // Prepare
      const random = createRandom(FUZZ_SEED);
      const accepted: string[] = [];

      // Act
      for (let caseIndex = 0; caseIndex < FUZZ_CASES; caseIndex += 1) {
        const characters = Array.from({ length: TOKEN_LENGTH }, () => BASE64URL_ALPHABET[random(BASE64URL_ALPHABET.length)]);
        const candidate = characters.join('');
        if (!(thrownBy(() => verifyToken(KEY_RING, candidate, NOW)) instanceof TokenInvalidError)) {
          accepted.push(candidate);
        }
      }

      // Assess
      expect(accepted, `seed ${FUZZ_SEED}; rerun with STARLING_FUZZ_SEED=${FUZZ_SEED}`).toEqual([]);
    });

    it('rejects random byte mutations', () => {
      // Prepare
      const random = createRandom(FUZZ_SEED);
      const accepted: string[] = [];

      // Act
      for (let caseIndex = 0; caseIndex < FUZZ_CASES; caseIndex += 1) {
        const invitationId = Buffer.from(Array.from({ length: INVITATION_ID_BYTES }, () => random(256))).toString('hex');
        const bytes = Buffer.from(signToken(KEY_RING, invitationId, EXPIRES_AT), 'base64url');
        // Distinct positions, each XORed with 1..255, so a later mutation never undoes an earlier one.
        const positions = new Set<number>();
        const mutationCount = 1 + random(3);
        while (positions.size < mutationCount) {
          positions.add(random(TOKEN_BYTES));
        }

        for (const position of positions) {
          bytes.writeUInt8(bytes.readUInt8(position) ^ (1 + random(255)), position);
        }

        const candidate = bytes.toString('base64url');
        if (!(thrownBy(() => verifyToken(KEY_RING, candidate, NOW)) instanceof TokenInvalidError)) {
          accepted.push(candidate);
        }
      }

      // Assess
      expect(accepted, `seed ${FUZZ_SEED}; rerun with STARLING_FUZZ_SEED=${FUZZ_SEED}`).toEqual([]);
    });
  });
});
