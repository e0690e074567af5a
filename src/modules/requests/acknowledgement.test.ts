import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailbox } from '../../../test/mailbox.js';
import { http } from '../../../test/requests.js';

describe(`the public request acknowledgement (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => a?.close());

  it.each(['fr', 'en'] as const)('acknowledges a request without echoing its subject or text (%s)', async (locale) => {
    // Whoever fills the public form chooses the address: a phisher would type their target's.
    const subject = 'Votre compte bancaire est suspendu';
    const message = 'Reconnectez-vous sur https://phishing.example.com/login pour le débloquer.';
    const res = await http(a).post('/api/v1/requests', { email: 'target@example.org', category: 'question', subject, message, locale });
    expect(res.statusCode, res.body).toBe(201);
    const mails = await mailbox(a, 'target@example.org');
    expect(mails.map((m) => m.kind)).toEqual(['request_received']);
    const [ack] = mails;
    for (const text of [ack.subject, ack.body]) {
      expect(text).not.toContain('bancaire');
      expect(text).not.toContain('suspendu');
      expect(text).not.toContain('phishing.example.com');
      expect(text).not.toContain('Reconnectez');
    }
    // It still says who received it, and gives the private link to read and follow it.
    expect(ack.subject).toContain('TeDomum');
    expect(ack.body).toMatch(/\/requests\/follow\/[A-Za-z0-9_-]+/);
  });
});
