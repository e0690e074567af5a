import { describe, expect, it } from 'vitest';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keysOf } from './keys.js';

const master = { EQUIPAGE_SECRET: 'a-test-secret-a-test-secret-a-test-secret' };

describe('purpose keys', () => {
  it('a MAC made for one purpose is worthless for every other, and for another master secret', () => {
    const keys = keysOf(master);
    const message = 'bureau-calendar:0192-person';
    const macs = (['forms', 'calendarFeeds', 'personalLinks', 'followLinks', 'unsubscribe', 'loginThrottle', 'requestThrottle'] as const).map((p) =>
      keys.mac(p, message),
    );
    expect(new Set(macs).size).toBe(macs.length);
    expect(keys.verify('calendarFeeds', message, keys.mac('calendarFeeds', message))).toBe(true);
    expect(keys.verify('calendarFeeds', message, keys.mac('forms', message))).toBe(false);
    expect(keys.verify('calendarFeeds', message, keysOf({ EQUIPAGE_SECRET: `${master.EQUIPAGE_SECRET}!` }).mac('calendarFeeds', message))).toBe(false);
  });

  it('sealing gives the plaintext back only under the same secret and purpose, and notices tampering', () => {
    const keys = keysOf(master);
    const sealed = keys.seal('totp', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(keys.unseal('totp', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(keysOf({ EQUIPAGE_SECRET: `${master.EQUIPAGE_SECRET}!` }).unseal('totp', sealed)).toBeNull();
    expect(keys.unseal('mailLinks', sealed)).toBeNull();
    const parts = sealed.split('.');
    parts[3] = parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(keys.unseal('totp', parts.join('.'))).toBeNull();
    expect(keys.unseal('totp', 'garbage')).toBeNull();
  });

  it('second factors sealed before purpose keys existed stay readable', () => {
    // What src/platform/auth/seal.ts wrote: AES-256-GCM under HKDF(master, 'equipage', 'seal:totp').
    const key = Buffer.from(hkdfSync('sha256', master.EQUIPAGE_SECRET, 'equipage', 'seal:totp', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update('JBSWY3DPEHPK3PXP', 'utf8'), cipher.final()]);
    const sealed = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    expect(keysOf(master).unseal('totp', sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('no code but the keyring derives a key from EQUIPAGE_SECRET or makes an HMAC of its own', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          const relative = path.slice(root.length);
          // The configuration loads the secret; the keyring derives from it; TOTP codes and
          // signatures of webhooks use keys that are not ours: outgoing ones are signed by the
          // webhook rooms, incoming ones (forges, webhook rooms) checked by hmacSha256Matches.
          const allowedSecret = ['platform/config.ts', 'platform/auth/keys.ts', 'main.ts'];
          const allowedHmac = ['platform/auth/keys.ts', 'platform/auth/totp.ts', 'platform/auth/secrets.ts', 'integrations/webhook.ts'];
          if (/config\.EQUIPAGE_SECRET|\.EQUIPAGE_SECRET\b/.test(text) && !allowedSecret.includes(relative))
            offenders.push(`${relative}: reads EQUIPAGE_SECRET`);
          if (/createHmac|hkdf/.test(text) && !allowedHmac.includes(relative)) offenders.push(`${relative}: makes its own MAC or key`);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
