import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { startSmtpServer, type SmtpPeer } from '../../../test/peers/smtp-server.js';
import { createSmtpSender } from '../../integrations/smtp.js';
import { renderCalendar, type CalendarEvent, type CalendarInput } from '../sessions/ics.js';

/**
 * The convocation's calendar invitation, read back by a real iCalendar parser (ical.js,
 * as calendar applications such as Thunderbird use it): one event per assembly, named
 * `<assemblyId>@equipage`, at the assembly's time, with its title, place and RSVP link.
 */

const now = '2026-12-01T10:00:00.000Z';
const rsvpLink = 'https://asso.example/assemblies/rsvp/tok_3f9a?lang=fr&x=1';

function invitation(overrides: Partial<CalendarEvent> = {}, input: Partial<CalendarInput> = {}): string {
  return renderCalendar({
    calendarName: 'TeDomum',
    now,
    events: [
      {
        uid: 'asm_01J@equipage',
        start: '2027-01-15T18:30:00.000Z',
        durationMinutes: 120,
        summary: 'Assemblée générale ordinaire 2027',
        location: 'Maison des associations',
        url: rsvpLink,
        status: 'planned',
        ...overrides,
      },
    ],
    ...input,
  });
}

function parsed(ics: string): { calendar: ICAL.Component; event: ICAL.Event } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return { calendar, event: new ICAL.Event(events[0]) };
}

describe('the convocation’s calendar invitation, read by ical.js', () => {
  it('gives the assembly’s date and time in UTC, its end, uid, title, place and RSVP link', () => {
    const { calendar, event } = parsed(invitation());
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(event.uid).toBe('asm_01J@equipage');
    expect(event.startDate.isDate).toBe(false);
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-01-15T18:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-01-15T20:30:00.000Z');
    expect(event.duration.toSeconds()).toBe(120 * 60);
    expect(event.summary).toBe('Assemblée générale ordinaire 2027');
    expect(event.location).toBe('Maison des associations');
    expect(event.component.getFirstPropertyValue('url')).toBe(rsvpLink);
    expect(event.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-12-01T10:00:00Z');
  });

  it('reads back a title with accents, commas and semicolons, and a long description folded over many lines', () => {
    const summary = 'AG extraordinaire ; dissolution, fusion & « statuts » — vote à ⅔ \\ fin';
    const description = [
      'Ordre du jour :',
      '1. Rapport moral, présenté par la présidente ; discussion',
      '2. Rapport financier de l’exercice 2026, approbation des comptes et affectation du résultat',
      `3. ${'Questions diverses, '.repeat(12)}`,
      '',
      `Répondez ici : ${rsvpLink}`,
    ].join('\n');
    const ics = invitation({ summary, description, location: 'Salle 2, 1er étage; bâtiment B' });

    const physical = ics.split('\r\n');
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
    for (const line of physical) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const { event } = parsed(ics);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
    expect(event.location).toBe('Salle 2, 1er étage; bâtiment B');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-01-15T18:30:00.000Z');
  });

  it('says METHOD:REQUEST when asked to, and the event still reads back', () => {
    const { calendar, event } = parsed(invitation({}, { method: 'REQUEST' }));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-01-15T18:30:00.000Z');
    expect(event.summary).toBe('Assemblée générale ordinaire 2027');
  });

  it('keeps the UTC instant across the change to summer time and at midnight', () => {
    const { event } = parsed(invitation({ start: '2027-03-27T23:30:00.000Z', durationMinutes: 180 }));
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-27T23:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-28T02:30:00.000Z');
  });

  it('property: any title, place and description read back as written (line breaks as \\n, control characters dropped)', () => {
    // eslint-disable-next-line no-control-regex
    const controls = /[\x00-\x08\x0b-\x1f\x7f]/g;
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 150 }),
      fc.string({ unit: fc.constantFrom('a', 'é', '€', '🎉', ';', ',', '\\', '\n', ':', '"', ' ', 'N'), minLength: 1, maxLength: 200 }),
    );
    const expected = (s: string) => s.replace(/\r\n|\r|\n/g, '\n').replace(controls, '');
    fc.assert(
      fc.property(text, text, text, (summary, location, description) => {
        const { event } = parsed(invitation({ summary, location, description }));
        expect(event.summary ?? '').toBe(expected(summary));
        expect(event.location ?? '').toBe(expected(location));
        expect(event.description ?? '').toBe(expected(description));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the invitation as a mail attachment', () => {
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('arrives through SMTP as invitation.ics, and the parser reads the right date from what was received', async () => {
    const sender = createSmtpSender({ url: smtp.url, from: 'TeDomum <bureau@asso.example>' });
    try {
      const ics = invitation({ description: `Ordre du jour : rapport moral, comptes ; élections.\n${'Détails. '.repeat(20)}` });
      await sender.send({
        to: 'ada@example.org',
        subject: 'Convocation',
        text: 'Bonjour Ada',
        html: null,
        messageId: 'mail-1',
        attachments: [{ filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }],
      });
      const [attachment] = smtp.messages[0].attachments;
      expect(attachment.filename).toBe('invitation.ics');
      expect(attachment.contentType).toMatch(/^text\/calendar; charset=utf-8; method=PUBLISH/i);
      expect(attachment.content).toBe(ics);
      const { event } = parsed(attachment.content);
      expect(event.startDate.toJSDate().toISOString()).toBe('2027-01-15T18:30:00.000Z');
      expect(event.summary).toBe('Assemblée générale ordinaire 2027');
    } finally {
      sender.close();
    }
  });
});
