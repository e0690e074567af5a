import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personalCalendars, renderCalendar, type CalendarEvent } from './ics.js';

const now = '2026-02-01T08:15:30.250Z';

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'session-1@equipage.example',
    start: '2026-03-03T19:00:00.000Z',
    durationMinutes: 90,
    summary: 'Séance du bureau',
    status: 'planned',
    ...overrides,
  };
}

/** Undoes line folding (RFC 5545 §3.1) and returns the logical lines. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

function valueOf(ics: string, name: string): string | undefined {
  return unfold(ics)
    .find((line) => line.startsWith(`${name}:`))
    ?.slice(name.length + 1);
}

/** The text as a calendar application decodes it from the UTF-8 bytes sent. */
function asReceived(ics: string): string {
  return new TextDecoder().decode(Buffer.from(ics, 'utf8'));
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

describe('renderCalendar', () => {
  it('renders a calendar with one session, CRLF line endings, times in UTC', () => {
    const ics = renderCalendar({
      calendarName: 'Bureau — séances',
      now,
      events: [event({ description: 'Ordre du jour : 3 candidatures', location: 'Salon du bureau', url: 'https://equipage.example/bureau/sessions/1' })],
    });
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Équipage//Bureau//FR',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Bureau — séances',
        'BEGIN:VEVENT',
        'UID:session-1@equipage.example',
        'DTSTAMP:20260201T081530Z',
        'DTSTART:20260303T190000Z',
        'DTEND:20260303T203000Z',
        'SUMMARY:Séance du bureau',
        'DESCRIPTION:Ordre du jour : 3 candidatures',
        'LOCATION:Salon du bureau',
        'URL:https://equipage.example/bureau/sessions/1',
        'STATUS:CONFIRMED',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('renders an empty calendar when there is no session', () => {
    expect(unfold(renderCalendar({ calendarName: 'Bureau', now, events: [] }))).not.toContain('BEGIN:VEVENT');
  });

  it('leaves out the optional properties a session does not have', () => {
    const lines = unfold(renderCalendar({ calendarName: 'Bureau', now, events: [event()] }));
    expect(lines.filter((l) => /^(DESCRIPTION|LOCATION|URL):/.test(l))).toEqual([]);
  });

  it.each<CalendarEvent['status']>(['planned', 'open', 'closed'])('marks a %s session CONFIRMED: it takes or took place', (status) => {
    expect(valueOf(renderCalendar({ calendarName: 'Bureau', now, events: [event({ status })] }), 'STATUS')).toBe('CONFIRMED');
  });

  it('ends an event after its duration, across midnight and a DST change alike (UTC does not change)', () => {
    const ics = renderCalendar({ calendarName: 'Bureau', now, events: [event({ start: '2026-03-28T23:30:00.000Z', durationMinutes: 150 })] });
    expect(valueOf(ics, 'DTSTART')).toBe('20260328T233000Z');
    expect(valueOf(ics, 'DTEND')).toBe('20260329T020000Z');
  });

  it.each([
    ['a semicolon and a comma', 'Séance; candidatures, adhésions', 'Séance\\; candidatures\\, adhésions'],
    ['a backslash', 'C:\\bureau', 'C:\\\\bureau'],
    ['line breaks of every kind', 'un\ndeux\r\ntrois\rquatre', 'un\\ndeux\\ntrois\\nquatre'],
    ['a colon, which TEXT leaves alone', 'Ordre du jour : accueil', 'Ordre du jour : accueil'],
    ['control characters, which a content line may not hold', 'bip\u0007 bip\u0000', 'bip bip'],
  ])('escapes %s in TEXT values', (_label, text, escaped) => {
    const ics = renderCalendar({ calendarName: text, now, events: [event({ summary: text, description: text, location: text })] });
    for (const name of ['X-WR-CALNAME', 'SUMMARY', 'DESCRIPTION', 'LOCATION']) expect(valueOf(ics, name)).toBe(escaped);
  });

  it('cannot be made to start a new property through a line break in a URL', () => {
    const ics = renderCalendar({ calendarName: 'Bureau', now, events: [event({ url: 'https://equipage.example/\r\nSTATUS:CANCELLED' })] });
    expect(unfold(ics).filter((line) => line.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED']);
  });

  it('folds a long line at 75 octets without cutting an accented letter or an emoji in two', () => {
    const summary = `${'é'.repeat(40)}🎉${'a'.repeat(70)}`;
    const ics = renderCalendar({ calendarName: 'Bureau', now, events: [event({ summary })] });
    const physical = ics.split('\r\n').filter((line) => line.startsWith('SUMMARY:') || line.startsWith(' '));
    expect(physical.length).toBeGreaterThan(1);
    for (const line of physical) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(physical[0]).toBe(`SUMMARY:${'é'.repeat(33)}`); // 8 + 66 octets; one more é would make 76
    expect(valueOf(asReceived(ics), 'SUMMARY')).toBe(summary);
  });

  it.each(['é', '€', '🎉'])('keeps a %s whole wherever the fold falls', (char) => {
    for (let offset = 60; offset <= 75; offset++) {
      const summary = `${'a'.repeat(offset)}${char.repeat(3)}`;
      const ics = renderCalendar({ calendarName: 'Bureau', now, events: [event({ summary })] });
      expect(valueOf(asReceived(ics), 'SUMMARY')).toBe(summary);
    }
  });

  // eslint-disable-next-line no-control-regex
  const controls = /[\x00-\x08\x0b-\x1f\x7f]/g;
  const textArb = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 120 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '€', '🎉', ';', ',', '\\', '\n', '\r\n', ' ', 'N'), maxLength: 200 }),
  );

  it('property: every physical line is at most 75 octets of whole UTF-8 characters, and unfolding gives back each text', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(textArb, textArb, textArb, textArb, (name, summary, description, location) => {
        const ics = renderCalendar({ calendarName: name, now, events: [event({ summary, description, location })] });
        expect(ics.endsWith('\r\n')).toBe(true);
        const bytes = Buffer.from(ics, 'utf8');
        let start = 0;
        for (let i = 0; i <= bytes.length - 2; i++) {
          if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
          const line = bytes.subarray(start, i);
          expect(line.length).toBeLessThanOrEqual(75);
          expect(() => decoder.decode(line)).not.toThrow();
          expect(line.includes(0x0d) || line.includes(0x0a)).toBe(false);
          start = i + 2;
        }
        const received = asReceived(ics);
        const expected = (text: string) => text.replace(/\r\n|\r|\n/g, '\n').replace(controls, '');
        expect(unescapeText(valueOf(received, 'X-WR-CALNAME')!)).toBe(expected(name));
        expect(unescapeText(valueOf(received, 'SUMMARY')!)).toBe(expected(summary));
        expect(unescapeText(valueOf(received, 'DESCRIPTION')!)).toBe(expected(description));
        expect(unescapeText(valueOf(received, 'LOCATION')!)).toBe(expected(location));
      }),
    );
  });
});

describe('one event for many people, each with their own link', () => {
  it('gives each person exactly the calendar rendered whole with their link', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 90 }),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 120 }), { nil: undefined }),
        fc.array(fc.string({ unit: 'grapheme', maxLength: 140 }), { minLength: 1, maxLength: 4 }),
        (summary, calendarName, location, links) => {
          const shared = event({ summary, location });
          const each = personalCalendars({ calendarName, now, event: shared });
          for (const link of links) expect(each(link)).toBe(renderCalendar({ calendarName, now, events: [{ ...shared, description: link, url: link }] }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
