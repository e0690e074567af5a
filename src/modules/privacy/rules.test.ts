import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMonths,
  confirmationMatches,
  erasedPersonFields,
  erasedRequesterFields,
  erasureCode,
  erasureRefusal,
  isDueForPurge,
  isPurgedRequest,
  purgedRequestFields,
  purgeBefore,
  purgeCutoff,
  retentionStart,
  type ErasureFacts,
  type RetainedRow,
} from './rules.js';
import { normaliseEmail } from '../../platform/text.js';

const rejected = (decidedAt: string): RetainedRow => ({ kind: 'application', status: 'rejected', decidedAt, withdrawnAt: null, purgedAt: null });
const withdrawn = (withdrawnAt: string): RetainedRow => ({ kind: 'application', status: 'withdrawn', decidedAt: null, withdrawnAt, purgedAt: null });
const mail = (createdAt: string, status = 'sent'): RetainedRow => ({ kind: 'mail', status, createdAt });
const request = (status: string, closedAt: string | null, purged = false): RetainedRow => ({ kind: 'request', status, closedAt, purged });

describe('addMonths', () => {
  it.each([
    ['2025-03-15', 12, '2026-03-15'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-31', 2, '2026-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2025-05-31', 0, '2025-05-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('isDueForPurge: at the boundaries', () => {
  it.each([
    // [row, today, months, due]
    [rejected('2025-03-15T19:00:00.000Z'), '2026-03-14', 12, false],
    [rejected('2025-03-15T19:00:00.000Z'), '2026-03-15', 12, true],
    [rejected('2025-03-15T19:00:00.000Z'), '2026-03-16', 12, true],
    [rejected('2025-03-15T23:59:59.999Z'), '2026-03-15', 12, true],
    [withdrawn('2025-06-01T00:00:00.000Z'), '2025-11-30', 6, false],
    [withdrawn('2025-06-01T00:00:00.000Z'), '2025-12-01', 6, true],
    // A month shorter than the start day: due on its last day.
    [withdrawn('2025-01-31T10:00:00.000Z'), '2025-02-27', 1, false],
    [withdrawn('2025-01-31T10:00:00.000Z'), '2025-02-28', 1, true],
    [withdrawn('2024-02-29T10:00:00.000Z'), '2025-02-28', 12, true],
    [mail('2025-01-01T08:00:00.000Z'), '2025-12-31', 12, false],
    [mail('2025-01-01T08:00:00.000Z'), '2026-01-01', 12, true],
    [mail('2025-01-01T08:00:00.000Z', 'logged'), '2026-01-01', 12, true],
    [mail('2025-01-01T08:00:00.000Z', 'failed'), '2026-01-01', 12, true],
    [request('closed', '2025-03-10T09:00:00.000Z'), '2026-03-09', 12, false],
    [request('closed', '2025-03-10T09:00:00.000Z'), '2026-03-10', 12, true],
    [request('closed', '2025-01-31T23:00:00.000Z'), '2025-02-28', 1, true],
  ] as const)('%j on %s with %i months: %s', (row, today, months, due) => {
    expect(isDueForPurge(row, today, months)).toBe(due);
  });

  it('never purges what is kept whatever its age: accepted or open applications, a mail still queued', () => {
    for (const status of ['accepted', 'submitted', 'scheduled', 'deferred'] as const) {
      const row: RetainedRow = { kind: 'application', status, decidedAt: '2000-01-01T00:00:00.000Z', withdrawnAt: null, purgedAt: null };
      expect(isDueForPurge(row, '2030-01-01', 1), status).toBe(false);
    }
    expect(isDueForPurge(mail('2000-01-01T00:00:00.000Z', 'queued'), '2030-01-01', 1)).toBe(false);
    // A request counts from its closing: resolved may still be reopened by the requester, open ones are being handled.
    for (const status of ['new', 'in_progress', 'waiting', 'resolved']) {
      expect(isDueForPurge(request(status, null), '2030-01-01', 1), status).toBe(false);
    }
  });

  it('is idempotent: an application purged once is never due again', () => {
    const purged: RetainedRow = {
      kind: 'application',
      status: 'rejected',
      decidedAt: '2020-01-01T00:00:00.000Z',
      withdrawnAt: null,
      purgedAt: '2021-01-01T03:00:00.000Z',
    };
    expect(retentionStart(purged)).toBeNull();
    expect(isDueForPurge(purged, '2030-01-01', 1)).toBe(false);
    expect(isDueForPurge(request('closed', '2020-01-01T00:00:00.000Z', true), '2030-01-01', 1)).toBe(false);
  });
});

describe('purgeCutoff: the query bound agrees with the rule', () => {
  it.each([
    ['2026-03-15', 12, '2025-03-15'],
    ['2026-03-30', 1, '2026-02-28'],
    ['2026-02-28', 1, '2026-01-31'],
    ['2026-04-30', 1, '2026-03-31'],
    ['2024-02-29', 12, '2023-02-28'],
  ])('on %s with %i months: started on or before %s', (today, months, cutoff) => {
    expect(purgeCutoff(today, months)).toBe(cutoff);
  });

  it('property: a row is due exactly when its start day is on or before the cutoff, i.e. before purgeBefore', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 86_399_999 }), (startDay, today, months, ms) => {
        const start = new Date(Date.parse(`${startDay}T00:00:00.000Z`) + ms).toISOString();
        const due = isDueForPurge(withdrawn(start), today, months);
        expect(due).toBe(startDay <= purgeCutoff(today, months));
        expect(due).toBe(start < purgeBefore(today, months));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('erasureRefusal', () => {
  const free: ErasureFacts = { erasedAt: null, bureauOffice: false, isAdmin: false, administrators: 1, member: false, openApplication: false };

  it('lets a person who left every role be erased', () => {
    expect(erasureRefusal(free)).toBeNull();
    expect(erasureRefusal({ ...free, isAdmin: true, administrators: 2 })).toBeNull();
  });

  it.each([
    [{ erasedAt: '2026-01-01T00:00:00.000Z' }, 'already_erased'],
    [{ bureauOffice: true }, 'active_bureau_member'],
    [{ isAdmin: true, administrators: 1 }, 'last_administrator'],
    [{ member: true }, 'still_member'],
    [{ openApplication: true }, 'open_application'],
    // Erased already wins over anything else.
    [{ erasedAt: '2026-01-01T00:00:00.000Z', bureauOffice: true, member: true }, 'already_erased'],
  ] as const)('%j → %s', (facts, code) => {
    expect(erasureRefusal({ ...free, ...facts })?.code).toBe(code);
  });
});

describe('confirmationMatches', () => {
  it('accepts the name whatever the case and spacing, refuses another or an empty one', () => {
    expect(confirmationMatches('  élodie   martin ', 'Élodie Martin')).toBe(true);
    expect(confirmationMatches('Elodie Martin', 'Élodie Martin')).toBe(false);
    expect(confirmationMatches('', '')).toBe(false);
    expect(confirmationMatches('Camille', 'Camille Durand')).toBe(false);
  });
});

describe('erasedPersonFields', () => {
  const id = '0190a6b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

  it('names the person in the association’s language with a code from the id, and empties every optional field', () => {
    const fr = erasedPersonFields(id, 'fr');
    expect(fr.display_name).toBe(`Personne effacée ${erasureCode(id)}`);
    expect(erasedPersonFields(id, 'en').display_name).toBe(`Erased person ${erasureCode(id)}`);
    expect(erasureCode(id)).toMatch(/^[0-9A-F]{6}$/);
    expect(fr).toMatchObject({ pseudonym: null, pronouns: null, matrix_id: null, xmpp_jid: null, public_consent: 0 });
    expect(fr.email).toBe(`erased-${id}@invalid`);
  });

  it('keeps a normalised address that no typed address normalises to, so nobody can claim it', () => {
    const { email, email_normalized } = erasedPersonFields(id, 'fr');
    expect(normaliseEmail(email)).not.toBe(email_normalized);
    expect(normaliseEmail(email_normalized)).not.toBe(email_normalized);
    expect(email_normalized).not.toBe(erasedPersonFields('another-id', 'fr').email_normalized);
  });
});

describe('requests: what erasure and retention leave', () => {
  const personId = '0190a6b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';
  const requestId = '0190a6b2-0000-7e4f-8a9b-0c1d2e3f4a5b';

  it('gives an erased requester the pseudonym and address of their record, and placeholders for their texts', () => {
    const person = erasedPersonFields(personId, 'fr');
    expect(erasedRequesterFields(person, 'fr')).toEqual({
      requester_email: person.email,
      requester_email_normalized: person.email_normalized,
      requester_name: person.display_name,
      subject: 'Demande effacée',
      message: 'Message effacé',
      link: null,
    });
    expect(erasedRequesterFields(erasedPersonFields(personId, 'en'), 'en')).toMatchObject({ subject: 'Request erased', message: 'Message erased' });
  });

  it('marks a purged request by an address no submission can write, and names nobody', () => {
    const fields = purgedRequestFields(requestId, 'fr');
    expect(fields).toMatchObject({ requester_name: null, requester_person_id: null, join_person_id: null, link: null, concerns: null, join_reason: null });
    expect(isPurgedRequest(requestId, fields.requester_email_normalized)).toBe(true);
    // What a requester types is normalised to lower case: never the mark, even when they type it.
    expect(isPurgedRequest(requestId, normaliseEmail(fields.requester_email))).toBe(false);
    expect(isPurgedRequest(requestId, normaliseEmail(fields.requester_email_normalized))).toBe(false);
    expect(isPurgedRequest('another-id', fields.requester_email_normalized)).toBe(false);
    expect(purgedRequestFields(requestId, 'en').subject).toBe('Text deleted (retention period)');
  });
});
