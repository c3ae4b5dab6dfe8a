import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenExpiredError, TokenInvalidError, TokenMissingError } from './errors.ts';

/**
 * Review link tokens: `base64url(keyId ‖ invitationId ‖ expiresAt ‖ mac)`.
 *
 * - keyId: 1 byte, so keys can rotate while older links still verify.
 * - invitationId: 16 random bytes (128 bits), the only reference to stored data.
 * - expiresAt: 4 bytes, Unix seconds, big-endian (good until 2106).
 * - mac: HMAC-SHA256 over a purpose label and the 21 bytes before it, truncated to 16 bytes
 *   (128 bits, as HMAC-SHA-256-128 in RFC 4868) to keep the SMS link short.
 *
 * Fixed-width fields leave no ambiguity about where one ends, and no phone number or customer id
 * is in the token. The whole token is 50 characters.
 */
const KEY_ID_BYTES = 1;
const INVITATION_ID_BYTES = 16;
const EXPIRY_BYTES = 4;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = KEY_ID_BYTES + INVITATION_ID_BYTES + EXPIRY_BYTES;
const TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;
export const TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3);
const TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`);
const PURPOSE = Buffer.from('starling/review-link/v1\0', 'utf8');

/** A signing key, whose `secret` contains at least 32 random bytes. */
export interface TokenKey {
  id: number;
  secret: Buffer;
}

/** The key that signs new tokens, and the keys that still verify older ones. */
export interface TokenKeyRing {
  current: TokenKey;
  verifyOnly: TokenKey[];
}

export interface VerifiedToken {
  invitationId: string;
  expiresAt: Date;
  keyId: number;
}

export function signToken(keyRing: TokenKeyRing, invitationId: string, expiresAt: Date): string {
  const idBytes = Buffer.from(invitationId, 'hex');
  if (idBytes.length !== INVITATION_ID_BYTES || idBytes.toString('hex') !== invitationId) {
    throw new TokenInvalidError(`invitation id must be ${INVITATION_ID_BYTES * 2} lowercase hex digits`);
  }

  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(keyRing.current.id, 0);
  idBytes.copy(payload, KEY_ID_BYTES);
  payload.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), KEY_ID_BYTES + INVITATION_ID_BYTES);

  const mac = computeMac(keyRing.current.secret, payload);
  return Buffer.concat([payload, mac]).toString('base64url');
}

/**
 * Verifies a token and returns what it carries. The signature is checked, in constant time,
 * before any field inside is trusted; the expiry is checked after it.
 */
export function verifyToken(keyRing: TokenKeyRing, token: unknown, now: Date): VerifiedToken {
  if (token === undefined || token === null || token === '') {
    throw new TokenMissingError('the link has no token');
  }

  if (typeof token !== 'string') {
    throw new TokenInvalidError('token must be a string');
  }

  if (!TOKEN_PATTERN.test(token)) {
    throw new TokenInvalidError(`token must be ${TOKEN_LENGTH} base64url characters`);
  }

  const bytes = Buffer.from(token, 'base64url');
  // Base64 leaves spare bits in the last character; only the canonical spelling is accepted.
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token) {
    throw new TokenInvalidError('token is not canonical base64url');
  }

  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const mac = bytes.subarray(PAYLOAD_BYTES);
  const keyId = payload.readUInt8(0);
  const key = findKey(keyRing, keyId);
  if (!key || !timingSafeEqual(computeMac(key.secret, payload), mac)) {
    throw new TokenInvalidError('token signature does not match');
  }

  const expiresAt = new Date(payload.readUInt32BE(KEY_ID_BYTES + INVITATION_ID_BYTES) * 1000);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new TokenExpiredError(expiresAt);
  }

  const invitationId = payload.subarray(KEY_ID_BYTES, KEY_ID_BYTES + INVITATION_ID_BYTES).toString('hex');
  return { invitationId, expiresAt, keyId };
}

function findKey(keyRing: TokenKeyRing, keyId: number): TokenKey | undefined {
  if (keyRing.current.id === keyId) {
    return keyRing.current;
  }

  return keyRing.verifyOnly.find((key) => key.id === keyId);
}

function computeMac(secret: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).update(payload).digest().subarray(0, MAC_BYTES);
}
