import type { FieldError } from '../../platform/errors.js';
import { formFields } from '../../platform/http/forms.js';
import { isCalendarDate } from '../../platform/time.js';
import { instantInZone } from '../sessions/session-forms.js';
import { ASSEMBLY_KINDS, isOneOf, MAJORITIES, type AssemblyKind, type Majority } from './rules.js';

/*
 * What the assembly pages' forms send, read into what the service takes. Every field is a string
 * as the browser sent it; each mistake becomes a field error at `/<form>-<field>`, so that the
 * page shows it beside its field (as the sessions pages do, session-forms.ts).
 */

/** An uploaded document's largest size: reports and budgets, not videos. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

type Values = Record<string, string>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const URL = /^https?:\/\/\S+$/;

function text(values: Values, form: string, name: string, errors: FieldError[], max: number, required = false): string {
  const value = (values[name] ?? '').trim();
  if (required && !value) errors.push({ path: `/${form}-${name}`, code: 'required', message: 'required' });
  else if (value.length > max) errors.push({ path: `/${form}-${name}`, code: 'too_long', message: `at most ${max} characters` });
  return value;
}

function link(values: Values, form: string, name: string, errors: FieldError[], required = false): string {
  const value = text(values, form, name, errors, 500, required);
  if (value && !URL.test(value)) errors.push({ path: `/${form}-${name}`, code: 'invalid_url', message: 'a link starting with https://' });
  return value;
}

/** The new assembly: its kind, title, day and time in the association's time zone, place and/or video link. */
export function readAssemblyForm(values: Values, timeZone: string) {
  const errors: FieldError[] = [];
  const kind: AssemblyKind | null = isOneOf(ASSEMBLY_KINDS, values.kind) ? values.kind : null;
  if (!kind) errors.push({ path: '/assembly-kind', code: 'invalid_choice', message: 'ordinary or extraordinary' });
  const title = text(values, 'assembly', 'title', errors, 200, true);
  const date = (values.date ?? '').trim();
  const time = (values.time ?? '').trim();
  if (!isCalendarDate(date)) errors.push({ path: '/assembly-date', code: date ? 'invalid_date' : 'required', message: 'a date, YYYY-MM-DD' });
  if (!TIME.test(time)) errors.push({ path: '/assembly-time', code: time ? 'invalid_time' : 'required', message: 'a time, HH:MM' });
  const location = text(values, 'assembly', 'location', errors, 300);
  const videoUrl = link(values, 'assembly', 'videoUrl', errors);
  const scheduledAt = instantInZone(date, time, timeZone) ?? '';
  return { input: { kind: kind ?? 'ordinary', title, scheduledAt, location: location || undefined, videoUrl: videoUrl || undefined }, errors };
}

export function readItemForm(values: Values) {
  const errors: FieldError[] = [];
  const title = text(values, 'item', 'title', errors, 200, true);
  const body = text(values, 'item', 'body', errors, 5000);
  return { input: { title, body: body || undefined }, errors };
}

export function readResolutionForm(values: Values) {
  const errors: FieldError[] = [];
  const title = text(values, 'resolution', 'title', errors, 200, true);
  const body = text(values, 'resolution', 'text', errors, 5000);
  const majority: Majority | null = isOneOf(MAJORITIES, values.majority) ? values.majority : null;
  if (!majority) errors.push({ path: '/resolution-majority', code: 'invalid_choice', message: 'simple or two thirds' });
  return { input: { title, text: body || undefined, majority: majority ?? 'simple' }, errors };
}

/** A show of hands: three whole numbers; an empty one counts as zero. */
export function readCountsForm(values: Values, form: string) {
  const numbers = [values.for, values.against, values.abstain].map((v) => (v ?? '').trim()).map((v) => (v === '' ? 0 : /^\d{1,5}$/.test(v) ? Number(v) : NaN));
  const errors: FieldError[] = numbers.some((n) => Number.isNaN(n))
    ? [{ path: `/${form}-counts`, code: 'invalid_number', message: 'whole numbers from 0' }]
    : [];
  return { input: { for: numbers[0] || 0, against: numbers[1] || 0, abstain: numbers[2] || 0 }, errors };
}

/** The second step of a convocation inside the notice period: ticked "force", and why. */
export function readConveneForm(values: Values) {
  const force = values.force === 'on';
  const errors: FieldError[] = [];
  const reason = force ? text(values, 'convene', 'reason', errors, 2000, true) : '';
  return { input: force ? { force, reason } : {}, errors };
}

/**
 * An uploaded document's type, read from its first bytes, and the name it is downloaded under
 * (its title). The browser's own name and type do not reach the page (the multipart plugin keeps
 * only the bytes), and what a browser declares is no reason to serve a file as this or that:
 * only these kinds are taken, and they are always downloaded, never shown in the site's origin.
 */
export function uploadedDocumentType(content: Buffer): { contentType: string; extension: string } | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => content[i] === b);
  const has = (s: string, encoding: BufferEncoding = 'latin1') => content.includes(Buffer.from(s, encoding));
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return { contentType: 'application/pdf', extension: 'pdf' };
  if (starts(0x89, 0x50, 0x4e, 0x47)) return { contentType: 'image/png', extension: 'png' };
  if (starts(0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // OpenDocument stores its type first, uncompressed (ODF 1.2 part 3, §3.3); Office Open XML names its parts.
    const odf = /^mimetypeapplication\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)/.exec(content.subarray(30, 100).toString('latin1'));
    if (odf) {
      const extension = { text: 'odt', spreadsheet: 'ods', presentation: 'odp' }[odf[1] as 'text'];
      return { contentType: `application/vnd.oasis.opendocument.${odf[1]}`, extension };
    }
    if (has('word/')) return { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
    if (has('xl/')) return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
    if (has('ppt/')) return { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' };
    return null;
  }
  if (content.length > 0 && !content.includes(0) && Buffer.from(content.toString('utf8'), 'utf8').equals(content)) {
    return { contentType: 'text/plain; charset=utf-8', extension: 'txt' };
  }
  return null;
}

/** A file name from a title: "Rapport moral 2026" → "rapport-moral-2026.pdf". */
export function documentFilename(title: string, extension: string): string {
  const stem = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${stem || 'document'}.${extension}`;
}

export function readDocumentForm(body: unknown) {
  const values = formFields(body);
  const file = (body as Record<string, unknown> | undefined)?.file;
  const errors: FieldError[] = [];
  const title = text(values, 'document', 'title', errors, 200, true);
  const content = Buffer.isBuffer(file) && file.length > 0 ? file : null;
  if (content) {
    const type = uploadedDocumentType(content);
    if (!type) errors.push({ path: '/document-file', code: 'unsupported_document', message: 'PDF, image, OpenDocument, Office or text' });
    const { contentType, extension } = type ?? { contentType: '', extension: '' };
    return { values, input: { title, filename: documentFilename(title, extension), contentType, content }, errors };
  }
  const url = link(values, 'document', 'url', errors);
  if (!url && !errors.some((e) => e.path === '/document-url')) errors.push({ path: '/document-url', code: 'link_or_file', message: 'a link or a file' });
  return { values, input: { title, url }, errors };
}

/** One of `options`, or the first with an error at `/<form>-<name>`. */
export const choiceOf = <T extends string>(
  options: readonly T[],
  value: string | undefined,
  form: string,
  name: string,
): { value: T; errors: FieldError[] } => {
  const found = options.find((o) => o === value);
  return { value: found ?? options[0]!, errors: found ? [] : [{ path: `/${form}-${name}`, code: 'invalid_choice', message: options.join(', ') }] };
};
