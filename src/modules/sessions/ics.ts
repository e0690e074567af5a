import type { Instant } from '../../platform/time.js';

/**
 * The bureau's sessions as an iCalendar feed (RFC 5545), for members to subscribe to in their
 * calendar application. Pure text rendering: the caller picks the sessions and the time `now`.
 */
export interface CalendarEvent {
  /** Stable across renderings (e.g. `<sessionId>@<host>`), so calendars update the event in place. */
  uid: string;
  start: Instant;
  durationMinutes: number;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: 'planned' | 'open' | 'closed';
}

export interface CalendarInput {
  calendarName: string;
  events: CalendarEvent[];
  now: Instant;
  /**
   * The iTIP method (RFC 5546): PUBLISH (the default) for a feed or an invitation one adds to a
   * calendar; REQUEST asks for an answer by mail, and then each event should name an ORGANIZER,
   * which these events do not carry.
   */
  method?: 'PUBLISH' | 'REQUEST';
}

const PRODID = '-//Équipage//Bureau//FR';
const MAX_LINE_OCTETS = 75;

export function renderCalendar(input: CalendarInput): string {
  return calendarLines(input).map(foldLine).join('\r\n') + '\r\n';
}

/** The calendar's content lines, unfolded. */
function calendarLines(input: CalendarInput): string[] {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method ?? 'PUBLISH'}`,
    `X-WR-CALNAME:${escapeText(input.calendarName)}`,
  ];
  const stamp = utcDateTime(input.now);
  for (const event of input.events) {
    const start = Date.parse(event.start);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcDateTime(event.start)}`,
      `DTEND:${utcDateTime(new Date(start + event.durationMinutes * 60_000).toISOString())}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.url !== undefined) lines.push(`URL:${stripControls(event.url)}`);
    lines.push(`STATUS:${eventStatus(event.status)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines;
}

/**
 * One event sent to many people, each copy with its own link as description and URL (an assembly's
 * personal answer link): what everyone shares is escaped and folded once, only the two lines
 * holding the link for each copy. Gives exactly what renderCalendar gives for that event with that
 * link. Convening 20,000 invitees spent 15 % of its time rendering each one's whole calendar.
 */
export function personalCalendars(input: Omit<CalendarInput, 'events'> & { event: Omit<CalendarEvent, 'description' | 'url'> }): (link: string) => string {
  const lines = calendarLines({ ...input, events: [{ ...input.event, description: '', url: '' }] });
  const at = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix));
  const description = at('DESCRIPTION:');
  const url = at('URL:');
  const folded = lines.map((line, i) => (i === description || i === url ? '' : foldLine(line)));
  const before = folded.slice(0, description).join('\r\n');
  const between = folded.slice(description + 1, url).join('\r\n');
  const after = folded.slice(url + 1).join('\r\n');
  return (link) =>
    [before, foldLine(`DESCRIPTION:${escapeText(link)}`), ...(between ? [between] : []), foldLine(`URL:${stripControls(link)}`), after].join('\r\n') + '\r\n';
}

/**
 * Every session that exists took place or will: a closed session is a meeting that happened, not
 * a cancelled one, so it stays CONFIRMED (CANCELLED would make calendars strike it out). The
 * session lifecycle has no cancelled state to map to CANCELLED.
 */
function eventStatus(_status: CalendarEvent['status']): 'CONFIRMED' {
  return 'CONFIRMED';
}

/** `YYYYMMDDTHHMMSSZ`, the UTC form of DATE-TIME (RFC 5545 §3.3.5, form #2). */
function utcDateTime(instant: Instant): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`. */
function escapeText(text: string): string {
  return stripControls(
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n'),
  );
}

/** Control characters other than tab may not appear in a content line (RFC 5545 §3.1). */
function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
}

/**
 * Folds a content line so that no physical line exceeds 75 octets (RFC 5545 §3.1): continuation
 * lines start with one space, which counts in their 75. Splits fall between code points, so a
 * multi-byte UTF-8 character is never cut in two.
 */
function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
