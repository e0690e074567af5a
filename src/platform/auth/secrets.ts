import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

// @node-rs/argon2 declares Algorithm as a const enum; 2 is Argon2id.
const ARGON2ID = 2 as const;

/** argon2id with explicit cost parameters (never the library's defaults, which may change). */
export function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID as never, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A random secret for the user to hold (session cookie, API token, reset link). */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Only this digest is stored: a leaked database does not give working tokens. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Whether `hex` is the HMAC-SHA256 of the raw body under the secret, as webhooks sign (ours when
 * sending, the forges' when we receive): compared in constant time; anything but 64 hex digits is
 * refused before any comparison.
 */
export function hmacSha256Matches(secret: string, rawBody: string | Uint8Array, hex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Generated passwords: 20 characters from an unambiguous alphabet (~115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
