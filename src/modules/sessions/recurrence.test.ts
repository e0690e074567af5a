import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildRRule,
  describeRecurrence,
  localDate,
  localTime,
  occurrencesAfter,
  parseRecurrence,
  weekdays,
  type Ordinal,
  type ParsedRecurrence,
  type Recurrence,
} from './recurrence.js';
import { isRefusal } from '../../platform/errors.js';
import { addDays } from '../../platform/time.js';

function parsed(rrule: string, timezone = 'Europe/Paris', anchor?: string): ParsedRecurrence {
  const result = parseRecurrence({ rrule, timezone, anchor });
  if (isRefusal(result)) throw new Error(result.message);
  return result;
}

describe('occurrencesAfter, with dates checked against a calendar', () => {
  it('puts the first Tuesday of each month at 20:00 Paris time, 19:00Z in winter and 18:00Z in summer (2026–2027)', () => {
    const rule = parsed('FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0');
    expect(occurrencesAfter(rule, '2026-01-01T00:00:00.000Z', 24)).toEqual([
      '2026-01-06T19:00:00.000Z',
      '2026-02-03T19:00:00.000Z',
      '2026-03-03T19:00:00.000Z', // summer time starts 2026-03-29
      '2026-04-07T18:00:00.000Z',
      '2026-05-05T18:00:00.000Z',
      '2026-06-02T18:00:00.000Z',
      '2026-07-07T18:00:00.000Z',
      '2026-08-04T18:00:00.000Z',
      '2026-09-01T18:00:00.000Z',
      '2026-10-06T18:00:00.000Z', // winter time returns 2026-10-25
      '2026-11-03T19:00:00.000Z',
      '2026-12-01T19:00:00.000Z',
      '2027-01-05T19:00:00.000Z',
      '2027-02-02T19:00:00.000Z',
      '2027-03-02T19:00:00.000Z',
      '2027-04-06T18:00:00.000Z',
      '2027-05-04T18:00:00.000Z',
      '2027-06-01T18:00:00.000Z',
      '2027-07-06T18:00:00.000Z',
      '2027-08-03T18:00:00.000Z',
      '2027-09-07T18:00:00.000Z',
      '2027-10-05T18:00:00.000Z',
      '2027-11-02T19:00:00.000Z',
      '2027-12-07T19:00:00.000Z',
    ]);
  });

  it('puts the last Friday of each month at 18:30 Paris time, including a Friday that is also the 25th of December', () => {
    const rule = parsed('FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=18;BYMINUTE=30');
    expect(occurrencesAfter(rule, '2026-01-01T00:00:00.000Z', 12)).toEqual([
      '2026-01-30T17:30:00.000Z',
      '2026-02-27T17:30:00.000Z',
      '2026-03-27T17:30:00.000Z',
      '2026-04-24T16:30:00.000Z',
      '2026-05-29T16:30:00.000Z',
      '2026-06-26T16:30:00.000Z',
      '2026-07-31T16:30:00.000Z',
      '2026-08-28T16:30:00.000Z',
      '2026-09-25T16:30:00.000Z',
      '2026-10-30T17:30:00.000Z',
      '2026-11-27T17:30:00.000Z',
      '2026-12-25T17:30:00.000Z',
    ]);
  });

  it('counts every other week from the week of the anchor date', () => {
    const rule = parsed('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=19', 'Europe/Paris', '2026-01-01');
    expect(occurrencesAfter(rule, '2026-02-20T00:00:00.000Z', 6)).toEqual([
      '2026-02-26T18:00:00.000Z',
      '2026-03-12T18:00:00.000Z',
      '2026-03-26T18:00:00.000Z',
      '2026-04-09T17:00:00.000Z',
      '2026-04-23T17:00:00.000Z',
      '2026-05-07T17:00:00.000Z',
    ]);
    const shifted = parsed('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=19', 'Europe/Paris', '2026-01-08');
    expect(occurrencesAfter(shifted, '2026-02-20T00:00:00.000Z', 2)).toEqual(['2026-03-05T18:00:00.000Z', '2026-03-19T18:00:00.000Z']);
  });

  it('finds the last day of each month, 30, 31, 28 or 29 days long, in New York time', () => {
    const rule = parsed('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=9', 'America/New_York');
    expect(occurrencesAfter(rule, '2027-01-01T00:00:00.000Z', 15)).toEqual([
      '2027-01-31T14:00:00.000Z',
      '2027-02-28T14:00:00.000Z',
      '2027-03-31T13:00:00.000Z',
      '2027-04-30T13:00:00.000Z',
      '2027-05-31T13:00:00.000Z',
      '2027-06-30T13:00:00.000Z',
      '2027-07-31T13:00:00.000Z',
      '2027-08-31T13:00:00.000Z',
      '2027-09-30T13:00:00.000Z',
      '2027-10-31T13:00:00.000Z',
      '2027-11-30T14:00:00.000Z',
      '2027-12-31T14:00:00.000Z',
      '2028-01-31T14:00:00.000Z',
      '2028-02-29T14:00:00.000Z',
      '2028-03-31T13:00:00.000Z',
    ]);
  });

  it('moves a time skipped by the spring change forward by the gap (02:30 becomes 03:30)', () => {
    const rule = parsed('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30');
    const [before, gap] = occurrencesAfter(rule, '2026-03-20T00:00:00.000Z', 2);
    expect([before, gap]).toEqual(['2026-03-22T01:30:00.000Z', '2026-03-29T01:30:00.000Z']);
    expect(localTime(gap!, 'Europe/Paris')).toBe('03:30');
  });

  it('takes the first of the two 02:30 that the autumn change repeats', () => {
    const rule = parsed('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30');
    expect(occurrencesAfter(rule, '2026-10-20T00:00:00.000Z', 2)).toEqual(['2026-10-25T00:30:00.000Z', '2026-11-01T01:30:00.000Z']);
  });

  it('excludes `after` itself and stops before `until`', () => {
    const rule = parsed('FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0');
    expect(occurrencesAfter(rule, '2026-01-06T19:00:00.000Z', 1)).toEqual(['2026-02-03T19:00:00.000Z']);
    expect(occurrencesAfter(rule, '2026-01-01T00:00:00.000Z', 10, '2026-03-03T19:00:00.000Z')).toEqual([
      '2026-01-06T19:00:00.000Z',
      '2026-02-03T19:00:00.000Z',
    ]);
    expect(occurrencesAfter(rule, '2026-01-01T00:00:00.000Z', 0)).toEqual([]);
  });

  it('includes a session later on the same day as `after`, even on the last day of a week or month', () => {
    expect(occurrencesAfter(parsed('FREQ=WEEKLY;BYDAY=SU;BYHOUR=20', 'UTC'), '2026-01-04T10:00:00.000Z', 1)).toEqual(['2026-01-04T20:00:00.000Z']);
    expect(occurrencesAfter(parsed('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=20', 'UTC'), '2026-01-31T10:00:00.000Z', 1)).toEqual(['2026-01-31T20:00:00.000Z']);
  });

  it('lists several days of a week or of a month in date order', () => {
    expect(occurrencesAfter(parsed('FREQ=WEEKLY;BYDAY=TH,MO;BYHOUR=12', 'UTC'), '2026-01-01T00:00:00.000Z', 3)).toEqual([
      '2026-01-01T12:00:00.000Z',
      '2026-01-05T12:00:00.000Z',
      '2026-01-08T12:00:00.000Z',
    ]);
    expect(occurrencesAfter(parsed('FREQ=MONTHLY;BYMONTHDAY=15,1;BYHOUR=12', 'UTC'), '2026-01-10T00:00:00.000Z', 3)).toEqual([
      '2026-01-15T12:00:00.000Z',
      '2026-02-01T12:00:00.000Z',
      '2026-02-15T12:00:00.000Z',
    ]);
  });

  it('ends, with nothing found, on a hand-built rule that never matches', () => {
    const never: ParsedRecurrence = { ...parsed('FREQ=WEEKLY;BYDAY=MO;BYHOUR=9'), byDay: [] };
    expect(occurrencesAfter(never, '2026-01-01T00:00:00.000Z', 5)).toEqual([]);
    expect(occurrencesAfter({ ...never, freq: 'monthly' }, '2026-01-01T00:00:00.000Z', 5)).toEqual([]);
  });
});

describe('parseRecurrence', () => {
  it('accepts an RRULE: prefix and any letter case, and writes the rule back canonically', () => {
    expect(parseRecurrence({ rrule: 'RRULE:freq=monthly;byday=1tu;byhour=20', timezone: 'europe/paris' })).toEqual({
      rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0',
      freq: 'monthly',
      interval: 1,
      byDay: [{ weekday: 'TU', ordinal: 1 }],
      byMonthDay: [],
      hour: 20,
      minute: 0,
      timezone: 'Europe/Paris',
      anchor: '2026-01-01',
    });
  });

  it.each<[string, Partial<Recurrence>, string, string, string]>([
    ['an empty rule', { rrule: '  ' }, '/rrule', 'invalid_rrule', 'empty'],
    ['a part without a value', { rrule: 'FREQ=MONTHLY;BYDAY;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYDAY'],
    ['a repeated part', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYDAY=2TU;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYDAY'],
    ['a missing FREQ', { rrule: 'BYDAY=1TU;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'FREQ'],
    ['a daily rule', { rrule: 'FREQ=DAILY;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'FREQ=DAILY'],
    ['a made-up frequency', { rrule: 'FREQ=SOMETIMES;BYDAY=TU;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'FREQ=SOMETIMES'],
    ['COUNT', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;COUNT=10' }, '/rrule', 'unsupported_rrule', 'COUNT'],
    ['UNTIL', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;UNTIL=20271231T000000Z' }, '/rrule', 'unsupported_rrule', 'UNTIL'],
    ['BYSETPOS', { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYSETPOS'],
    ['a DTSTART part', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;DTSTART=20260101' }, '/rrule', 'unsupported_rrule', 'DTSTART'],
    ['a part that is not RFC 5545', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;COLOUR=RED' }, '/rrule', 'invalid_rrule', 'COLOUR'],
    ['a week starting on Sunday', { rrule: 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=20;WKST=SU' }, '/rrule', 'unsupported_rrule', 'WKST'],
    ['INTERVAL=0', { rrule: 'FREQ=MONTHLY;INTERVAL=0;BYDAY=1TU;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'INTERVAL'],
    ['INTERVAL=13', { rrule: 'FREQ=MONTHLY;INTERVAL=13;BYDAY=1TU;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'INTERVAL'],
    ['a bad weekday', { rrule: 'FREQ=MONTHLY;BYDAY=1XY;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYDAY'],
    ['a fifth Tuesday', { rrule: 'FREQ=MONTHLY;BYDAY=5TU;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYDAY'],
    ['a second-to-last Friday', { rrule: 'FREQ=MONTHLY;BYDAY=-2FR;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYDAY'],
    ['an ordinal in a weekly rule', { rrule: 'FREQ=WEEKLY;BYDAY=1TU;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYDAY'],
    ['days with and without ordinals', { rrule: 'FREQ=MONTHLY;BYDAY=1TU,TH;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYDAY'],
    ['a weekly rule without a day', { rrule: 'FREQ=WEEKLY;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYDAY'],
    ['a monthly rule without a day', { rrule: 'FREQ=MONTHLY;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYMONTHDAY'],
    ['BYMONTHDAY in a weekly rule', { rrule: 'FREQ=WEEKLY;BYDAY=TU;BYMONTHDAY=1;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYMONTHDAY'],
    ['BYMONTHDAY=31, missing from short months', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYMONTHDAY'],
    ['BYMONTHDAY=0', { rrule: 'FREQ=MONTHLY;BYMONTHDAY=0;BYHOUR=20' }, '/rrule', 'invalid_rrule', 'BYMONTHDAY'],
    ['BYDAY with BYMONTHDAY', { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=1;BYHOUR=20' }, '/rrule', 'unsupported_rrule', 'BYMONTHDAY'],
    ['a missing hour', { rrule: 'FREQ=MONTHLY;BYDAY=1TU' }, '/rrule', 'unsupported_rrule', 'BYHOUR'],
    ['two hours', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9,20' }, '/rrule', 'unsupported_rrule', 'BYHOUR'],
    ['hour 24', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=24' }, '/rrule', 'invalid_rrule', 'BYHOUR'],
    ['minute 60', { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=60' }, '/rrule', 'invalid_rrule', 'BYMINUTE'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, '/timezone', 'invalid_timezone', 'Mars/Olympus'],
    ['a UTC offset instead of a zone', { timezone: '+01:00' }, '/timezone', 'invalid_timezone', '+01:00'],
    ['an empty time zone', { timezone: '' }, '/timezone', 'invalid_timezone', 'IANA'],
    ['an impossible anchor date', { anchor: '2026-02-30' }, '/anchor', 'invalid_date', '2026-02-30'],
  ])('refuses %s, naming the part', (_label, change, path, code, named) => {
    const result = parseRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20', timezone: 'Europe/Paris', ...change });
    expect(result).toMatchObject({ code: 'validation_failed' });
    const errors = isRefusal(result) ? result.errors! : [];
    expect(errors).toContainEqual({ path, code, message: expect.stringContaining(named) });
  });

  it('reports every problem at once, the rule and the zone', () => {
    const result = parseRecurrence({ rrule: 'FREQ=YEARLY;BYHOUR=99', timezone: 'Nowhere/Land' });
    const errors = isRefusal(result) ? result.errors! : [];
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('FREQ=YEARLY'),
      expect.stringContaining('BYHOUR=99'),
      expect.stringContaining('Nowhere/Land'),
    ]);
  });
});

describe('localDate and localTime', () => {
  it.each([
    ['2026-01-06T19:00:00.000Z', 'Europe/Paris', '2026-01-06', '20:00'],
    ['2026-07-07T18:00:00.000Z', 'Europe/Paris', '2026-07-07', '20:00'],
    ['2026-07-07T23:30:00.000Z', 'Europe/Paris', '2026-07-08', '01:30'],
    ['2026-07-07T02:00:00.000Z', 'America/New_York', '2026-07-06', '22:00'],
    ['2026-12-31T23:59:00.000Z', 'UTC', '2026-12-31', '23:59'],
  ])('shows %s in %s as %s %s', (instant, zone, date, time) => {
    expect(localDate(instant, zone)).toBe(date);
    expect(localTime(instant, zone)).toBe(time);
  });
});

describe('describeRecurrence', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20', 'le premier mardi de chaque mois à 20:00 (Europe/Paris)', 'the first Tuesday of every month at 20:00 (Europe/Paris)'],
    [
      'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=18;BYMINUTE=30',
      'le dernier vendredi de chaque mois à 18:30 (Europe/Paris)',
      'the last Friday of every month at 18:30 (Europe/Paris)',
    ],
    [
      'FREQ=MONTHLY;BYDAY=3TU,1TU;BYHOUR=20',
      'le premier et le troisième mardi de chaque mois à 20:00 (Europe/Paris)',
      'the first and third Tuesday of every month at 20:00 (Europe/Paris)',
    ],
    [
      'FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE;BYHOUR=9;BYMINUTE=5',
      'le deuxième mercredi du mois, tous les 2 mois, à 09:05 (Europe/Paris)',
      'the second Wednesday of the month, every 2 months, at 09:05 (Europe/Paris)',
    ],
    ['FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=20', 'le dernier jour de chaque mois à 20:00 (Europe/Paris)', 'the last day of every month at 20:00 (Europe/Paris)'],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1,22;BYHOUR=20',
      'le 1er et le 22 de chaque mois à 20:00 (Europe/Paris)',
      'the 1st and the 22nd of every month at 20:00 (Europe/Paris)',
    ],
    ['FREQ=WEEKLY;BYDAY=TH,MO;BYHOUR=18', 'tous les lundis et jeudis à 18:00 (Europe/Paris)', 'every Monday and Thursday at 18:00 (Europe/Paris)'],
    [
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=20',
      'toutes les 2 semaines, le mardi, à 20:00 (Europe/Paris)',
      'every 2 weeks on Tuesday at 20:00 (Europe/Paris)',
    ],
  ])('describes %s', (rrule, fr, en) => {
    const rule = parsed(rrule);
    expect(describeRecurrence(rule, 'fr')).toBe(fr);
    expect(describeRecurrence(rule, 'en')).toBe(en);
  });
});

describe('buildRRule', () => {
  it.each<[Parameters<typeof buildRRule>[0], string]>([
    [{ freq: 'monthly', weekday: 'TU', ordinal: 1, hour: 20, minute: 0 }, 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0'],
    [{ freq: 'monthly', weekday: 'FR', ordinal: -1, hour: 18, minute: 30 }, 'FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=18;BYMINUTE=30'],
    [{ freq: 'weekly', weekday: 'WE', hour: 9, minute: 15 }, 'FREQ=WEEKLY;BYDAY=WE;BYHOUR=9;BYMINUTE=15'],
  ])('writes %o as %s', (simple, rrule) => {
    expect(buildRRule(simple)).toBe(rrule);
  });

  it('property: whatever the simple form holds, the rule parses back to the same day and time', () => {
    const simpleArb = fc.record({
      freq: fc.constantFrom('weekly' as const, 'monthly' as const),
      weekday: fc.constantFrom(...weekdays),
      ordinal: fc.constantFrom<Ordinal>(1, 2, 3, 4, -1),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(simpleArb, (simple) => {
        const rule = parsed(buildRRule(simple));
        expect(rule.rrule).toBe(buildRRule(simple));
        expect(rule).toMatchObject({ freq: simple.freq, hour: simple.hour, minute: simple.minute, interval: 1 });
        expect(rule.byDay).toEqual([simple.freq === 'monthly' ? { weekday: simple.weekday, ordinal: simple.ordinal } : { weekday: simple.weekday }]);
      }),
    );
  });
});

describe('occurrencesAfter properties', () => {
  // Zones whose changes happen away from midnight, with 1-hour and 30-minute gaps and both hemispheres.
  const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Asia/Kolkata', 'UTC'];
  const plainDays = fc.uniqueArray(fc.constantFrom(...weekdays), { minLength: 1, maxLength: 3 }).map((days) => `BYDAY=${days.join(',')}`);
  const ordinalDays = fc.uniqueArray(
    fc.tuple(fc.constantFrom<Ordinal>(1, 2, 3, 4, -1), fc.constantFrom(...weekdays)).map(([o, d]) => `${o}${d}`),
    {
      minLength: 1,
      maxLength: 3,
    },
  );
  const monthDays = fc.uniqueArray(fc.constantFrom(-1, ...Array.from({ length: 28 }, (_, i) => i + 1)), { minLength: 1, maxLength: 3 });
  const frequencyAndDays = fc.oneof(
    plainDays.map((days) => `FREQ=WEEKLY;${days}`),
    plainDays.map((days) => `FREQ=MONTHLY;${days}`),
    ordinalDays.map((days) => `FREQ=MONTHLY;BYDAY=${days.join(',')}`),
    monthDays.map((days) => `FREQ=MONTHLY;BYMONTHDAY=${days.join(',')}`),
  );
  const anchorArb = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const ruleArb = fc
    .tuple(
      frequencyAndDays,
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom(...zones),
      anchorArb,
    )
    .map(([rule, interval, hour, minute, zone, anchor]) => parsed(`${rule};INTERVAL=${interval};BYHOUR=${hour};BYMINUTE=${minute}`, zone, anchor));
  const instantArb = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2080-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const minus = (instant: string, minutes: number) => new Date(Date.parse(instant) - minutes * 60_000).toISOString();

  /** Does `date` (local) fall on a day and in a week or month that `rule` selects? */
  function dayMatches(rule: ParsedRecurrence, date: string): boolean {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const weekday = weekdays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
    const monthLength = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const [ay, am] = rule.anchor.split('-').map(Number) as [number, number];
    if (rule.freq === 'weekly') {
      const monday = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000 - ((new Date(`${s}T00:00:00Z`).getUTCDay() + 6) % 7);
      const weeks = (monday(date) - monday(rule.anchor)) / 7;
      return rule.byDay.some((b) => b.weekday === weekday) && ((weeks % rule.interval) + rule.interval) % rule.interval === 0;
    }
    const months = y * 12 + m - (ay * 12 + am);
    if (((months % rule.interval) + rule.interval) % rule.interval !== 0) return false;
    if (rule.byMonthDay.length > 0) return rule.byMonthDay.some((n) => n === d || (n === -1 && d === monthLength));
    return rule.byDay.some(
      (b) => b.weekday === weekday && (b.ordinal === undefined || (b.ordinal === -1 ? d + 7 > monthLength : Math.ceil(d / 7) === b.ordinal)),
    );
  }

  it('property: occurrences are as many as asked, strictly after `after`, strictly increasing, on the rule’s days at its local time', () => {
    fc.assert(
      fc.property(ruleArb, instantArb, fc.integer({ min: 1, max: 8 }), (rule, after, count) => {
        const found = occurrencesAfter(rule, after, count);
        expect(found).toHaveLength(count);
        expect(found[0]! > after).toBe(true);
        for (let i = 1; i < found.length; i++) expect(found[i]! > found[i - 1]!).toBe(true);
        const ruleTime = rule.hour * 60 + rule.minute;
        for (const at of found) {
          expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
          const date = localDate(at, rule.timezone);
          expect(dayMatches(rule, date)).toBe(true);
          const shift = toMinutes(localTime(at, rule.timezone)) - ruleTime;
          if (shift === 0) {
            // The first of two equal wall-clock times when the clocks go back.
            for (const earlier of [30, 60, 120]) {
              const prior = minus(at, earlier);
              expect(localDate(prior, rule.timezone) === date && toMinutes(localTime(prior, rule.timezone)) === ruleTime).toBe(false);
            }
          } else {
            // The rule's time fell in a spring-forward gap: `shift` minutes earlier the clock read `shift` minutes before it.
            expect(shift).toBeGreaterThan(0);
            expect(shift).toBeLessThanOrEqual(60);
            expect(localTime(minus(at, shift), rule.timezone)).toBe(hhmm(ruleTime - shift));
          }
        }
      }),
    );
  });

  it('property: no day the rule selects is skipped between `after` and the last occurrence', () => {
    fc.assert(
      fc.property(ruleArb, instantArb, fc.integer({ min: 1, max: 6 }), (rule, after, count) => {
        const found = occurrencesAfter(rule, after, count);
        const foundDates = new Set(found.map((at) => localDate(at, rule.timezone)));
        const first = localDate(after, rule.timezone);
        const ruleTime = rule.hour * 60 + rule.minute;
        for (let day = first; day <= localDate(found.at(-1)!, rule.timezone); day = addDays(day, 1)) {
          if (!dayMatches(rule, day) || foundDates.has(day)) continue;
          // Only `after`'s own day may be left out, when the rule's time had already come (on a day the
          // clocks go back, the clock may read up to an hour less than it did then).
          expect(day).toBe(first);
          expect(
            [0, 30, 60].some(
              (back) => localDate(minus(after, back), rule.timezone) === day && toMinutes(localTime(minus(after, back), rule.timezone)) >= ruleTime,
            ),
          ).toBe(true);
        }
      }),
    );
  });

  it('property: continuing from any occurrence gives the rest of the list, and `until` cuts it without reordering', () => {
    fc.assert(
      fc.property(ruleArb, instantArb, fc.integer({ min: 2, max: 8 }), fc.nat(), (rule, after, count, pick) => {
        const found = occurrencesAfter(rule, after, count);
        const k = (pick % (count - 1)) + 1;
        expect(occurrencesAfter(rule, found[k - 1]!, count - k)).toEqual(found.slice(k));
        expect(occurrencesAfter(rule, after, count, found[k]!)).toEqual(found.slice(0, k));
      }),
    );
  });
});
