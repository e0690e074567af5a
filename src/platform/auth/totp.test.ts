import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from './totp.js';

// RFC 6238 appendix B and RFC 4226 appendix D use the ASCII secret "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('base32 (RFC 4648 §10)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(text);
  });

  it('reads what apps show: lower case, groups, padding', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow();
  });

  it('property: decoding an encoding gives the bytes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
      }),
    );
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  it.each(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'].map((code, counter) => [counter, code]))(
    'counter %i → %s',
    (counter, code) => {
      expect(hotp(Buffer.from('12345678901234567890'), counter as number)).toBe(code);
    },
  );
});

describe('totpCode (RFC 6238 appendix B, SHA-1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i s → %s (8 digits), and its last 6 digits with the default', (time, code) => {
    expect(totpCode(RFC_SECRET, time, { digits: 8 })).toBe(code);
    expect(totpCode(RFC_SECRET, time)).toBe(code.slice(2));
  });

  it('keeps one code for the whole 30-second step', () => {
    expect(totpCode(RFC_SECRET, 30)).toBe(totpCode(RFC_SECRET, 59));
    expect(totpCode(RFC_SECRET, 60)).not.toBe(totpCode(RFC_SECRET, 59));
    expect(totpStep(59)).toBe(1);
  });
});

describe('matchTotp', () => {
  const secret = newTotpSecret();
  const now = 1_800_000_000;

  it('accepts the current step and one either side, nothing further', () => {
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(totpStep(now));
    expect(matchTotp(secret, totpCode(secret, now - 30), now)).toBe(totpStep(now) - 1);
    expect(matchTotp(secret, totpCode(secret, now + 30), now)).toBe(totpStep(now) + 1);
    expect(matchTotp(secret, totpCode(secret, now - 60), now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 60), now)).toBeNull();
  });

  it('never accepts a step at or before the last one used (no replay)', () => {
    const code = totpCode(secret, now);
    expect(matchTotp(secret, code, now, totpStep(now))).toBeNull();
    expect(matchTotp(secret, code, now, totpStep(now) - 1)).toBe(totpStep(now));
    expect(matchTotp(secret, totpCode(secret, now - 30), now, totpStep(now) - 1)).toBeNull();
  });

  it('reads a code with a space in the middle, and refuses anything but six digits', () => {
    const code = totpCode(secret, now);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(totpStep(now));
    for (const wrong of ['', '12345', '1234567', 'abcdef', `${code}0`]) expect(matchTotp(secret, wrong, now)).toBeNull();
  });

  it('a fresh secret is 160 bits of base32', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });
});

describe('otpauthUri', () => {
  it('names the issuer and the account, with the parameters apps expect', () => {
    const uri = otpauthUri({ issuer: 'Les Amis', account: 'ada@example.org', secret: 'JBSWY3DPEHPK3PXP' });
    expect(uri).toBe('otpauth://totp/Les%20Amis:ada%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Les%20Amis&algorithm=SHA1&digits=6&period=30');
  });
});
