import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * One key per purpose, derived from EQUIPAGE_SECRET with HKDF-SHA-256 and the purpose's label
 * ("Keys and their purposes" in docs/security.md). A MAC made for one purpose is worthless for any
 * other: a form token can never be a calendar key or a personal link, whatever the message signed.
 * The purposes are a closed list: code asks for a purpose by name and cannot derive a key of its
 * own, and nothing else reads the master secret (src/platform/auth/keys.test.ts checks the sources).
 */
const MAC_PURPOSES = {
  /** Form tokens (CSRF) and the signed pre-session cookie of visitors not signed in. */
  forms: 'equipage/v1/forms',
  /** The bureau's calendar feed addresses. */
  calendarFeeds: 'equipage/v1/calendar-feeds',
  /** Assembly invitees' personal links (answer, proxy, check-in). */
  personalLinks: 'equipage/v1/personal-links',
  /** The private links that follow a request without an account. */
  followLinks: 'equipage/v1/follow-links',
  /** Unsubscribe links (reserved: no mail offers one yet). */
  unsubscribe: 'equipage/v1/unsubscribe',
  /** Digests of emails and addresses counted by the sign-in throttle. */
  loginThrottle: 'equipage/v1/login-throttle',
  /** Digests of emails and addresses counted by the public request form's limits. */
  requestThrottle: 'equipage/v1/request-throttle',
} as const;

/**
 * Keys that encrypt what the server must read back. `totp` keeps the label it had before purpose
 * keys existed (`seal:totp`), so second factors enrolled earlier stay readable.
 */
const SEALING_PURPOSES = {
  totp: 'seal:totp',
  /** The links of a queued mail, until it is delivered (src/platform/mail/secret-links.ts). */
  mailLinks: 'equipage/v1/seal/mail-links',
} as const;

export type MacPurpose = keyof typeof MAC_PURPOSES;
export type SealingPurpose = keyof typeof SEALING_PURPOSES;

export interface Keyring {
  /** HMAC-SHA-256 of `message` under the purpose's key, base64url. */
  mac(purpose: MacPurpose, message: string): string;
  /** Whether `given` is the purpose's MAC of `message` (constant time). */
  verify(purpose: MacPurpose, message: string, given: string): boolean;
  /** AES-256-GCM under the purpose's key: `v1.iv.tag.body`. */
  seal(purpose: SealingPurpose, plaintext: string): string;
  /** The plaintext, or null when sealed under another secret or altered. */
  unseal(purpose: SealingPurpose, sealed: string): string | null;
}

function derive(master: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'equipage', label, 32));
}

function createKeyring(master: string): Keyring {
  const macKeys = new Map(Object.entries(MAC_PURPOSES).map(([purpose, label]) => [purpose, derive(master, label)]));
  const sealingKeys = new Map(Object.entries(SEALING_PURPOSES).map(([purpose, label]) => [purpose, derive(master, label)]));
  const mac = (purpose: MacPurpose, message: string) => createHmac('sha256', macKeys.get(purpose)!).update(message).digest('base64url');
  return {
    mac,
    verify(purpose, message, given) {
      const expected = Buffer.from(mac(purpose, message));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
    seal(purpose, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealingKeys.get(purpose)!, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    unseal(purpose, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealingKeys.get(purpose)!, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

// Deriving costs little, but every request needs a form key: one keyring per master secret.
const keyrings = new Map<string, Keyring>();

/** The purpose keys of this configuration's EQUIPAGE_SECRET. */
export function keysOf(config: Pick<Config, 'EQUIPAGE_SECRET'>): Keyring {
  let keyring = keyrings.get(config.EQUIPAGE_SECRET);
  if (!keyring) {
    keyring = createKeyring(config.EQUIPAGE_SECRET);
    keyrings.set(config.EQUIPAGE_SECRET, keyring);
  }
  return keyring;
}
