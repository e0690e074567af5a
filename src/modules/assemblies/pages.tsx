import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../app.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/page.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import { isCalendarDate } from '../../platform/time.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { instantInZone, onForm } from '../sessions/session-forms.js';
import type { AssemblyKind, Majority, Rsvp, VoteChoice } from './types.js';
import { AssembliesListPage, AssemblyPage } from './assembly-page.js';
import { RsvpPage } from './rsvp-page.js';
import { AssemblyMinutesPage, AttendanceSheetPage } from './attendance-sheet.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const ResolutionParams = Type.Object({ id: Id, resolutionId: Id });
const DocumentParams = Type.Object({ id: Id, documentId: Id });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
type Params = typeof IdParams | typeof ResolutionParams | typeof DocumentParams | typeof TokenParams;
const page = (policy: string, params?: Params) => ({
  config: { policy, page: true },
  ...(params ? { schema: { params, hide: true } as never } : {}),
});

/** An uploaded document's largest size: reports and budgets, not videos. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

type Values = Record<string, string>;
/** What a redirect announces: a key that a catalogue holds, or the page would show nothing. */
type Notice = Extract<MessageKey, `notice.${string}`>;

/** A refused form shown again: which form, what it held, why (`code`: the convocation's second step). */
export interface FormState {
  form: string | null;
  values: Values;
  errors: FieldError[];
  message?: string;
  code?: string;
}
const blank: FormState = { form: null, values: {}, errors: [] };

const validationFailed = (errors: FieldError[]) => new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const URL = /^https?:\/\/\S+$/;

/*
 * What the forms send, read into what the service takes. Each mistake is a field error at
 * `/<form>-<field>`, so that the page shows it beside its field (as the sessions pages do).
 */

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
  const kind: AssemblyKind | null = values.kind === 'ordinary' || values.kind === 'extraordinary' ? values.kind : null;
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
  const majority: Majority | null = values.majority === 'simple' || values.majority === 'two_thirds' ? values.majority : null;
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

const rsvpAnswers: readonly Rsvp[] = ['yes', 'no', 'maybe'];
const voteChoices: readonly VoteChoice[] = ['for', 'against', 'abstain'];
const choiceOf = <T extends string>(options: readonly T[], value: string | undefined, form: string, name: string): { value: T; errors: FieldError[] } => {
  const found = options.find((o) => o === value);
  return { value: found ?? options[0]!, errors: found ? [] : [{ path: `/${form}-${name}`, code: 'invalid_choice', message: options.join(', ') }] };
};

/** `attachment; filename=…` with the UTF-8 name for browsers and an ASCII one for the rest (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * General assemblies (issue 7): the list and the new assembly; an assembly's page, where it is
 * prepared, convened and held; the personal answer link that needs no login; the attendance
 * sheet to print and sign; the minutes.
 */
export function assembliesPages(app: App, deps: PageDeps): void {
  const { services, pageContext, config } = deps;
  const timeZone = config.TIMEZONE;
  const assemblies = services.assemblies;

  async function listPage(request: FastifyRequest, state: FormState) {
    const ctx = await pageContext(request);
    const all = await assemblies.list(request.actor);
    const byDate = (a: { scheduledAt: string }, b: { scheduledAt: string }) => a.scheduledAt.localeCompare(b.scheduledAt);
    return (
      <AssembliesListPage
        ctx={ctx}
        timeZone={timeZone}
        current={all.filter((a) => a.status !== 'closed').sort(byDate)}
        past={all.filter((a) => a.status === 'closed').sort((a, b) => byDate(b, a))}
        values={state.form === 'assembly' ? state.values : { kind: 'ordinary' }}
        errors={state.errors}
        message={state.message}
      />
    );
  }

  async function assemblyPage(request: FastifyRequest, id: string, state: FormState) {
    const ctx = await pageContext(request);
    const assembly = await assemblies.get(request.actor, id);
    const me = assembly.me;
    const bureau = ctx.allowed('assemblies.manage') || ctx.allowed('assemblies.conduct');
    const givesProxy = Boolean(me?.canVote && assembly.allowedActions.includes('proxy'));
    const everyone = bureau || givesProxy ? await assemblies.invitees(request.actor, id) : [];
    // A proxy goes to another invitee with a vote (as the personal link offers them).
    const proxyCandidates = givesProxy
      ? everyone.filter((i) => i.canVote && i.personId !== me?.personId).map((i) => ({ personId: i.personId, displayName: i.displayName }))
      : [];
    return (
      <AssemblyPage
        ctx={ctx}
        timeZone={timeZone}
        noticeDays={config.ASSEMBLY_NOTICE_DAYS}
        assembly={assembly}
        // The whole list is the bureau's (who answered, who holds whose proxy); others see the counts.
        invitees={bureau ? everyone : null}
        proxyCandidates={proxyCandidates}
        {...state}
      />
    );
  }

  async function rsvpPage(request: FastifyRequest, token: string, state: FormState) {
    const ctx = await pageContext(request);
    const view = await assemblies.rsvpView(token);
    return <RsvpPage ctx={ctx} timeZone={timeZone} token={token} view={view} {...state} />;
  }

  /** Runs a form's action and redirects, or shows the page again with the refusal beside the form's fields. */
  async function attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form: string | null; values?: Values; errors?: FieldError[]; names?: Record<string, string> },
    show: (state: FormState) => Promise<VNode>,
    action: () => Promise<string>,
  ) {
    try {
      if (state.errors?.length) throw validationFailed(state.errors);
      return reply.redirect(await action(), 303);
    } catch (e) {
      const shown = formErrorsOf(e, request.i18n);
      if (!shown || (e as AppError).code === 'not_found' || (e as AppError).code === 'invalid_rsvp_token') throw e;
      const form = state.form;
      const errors = form ? shown.errors.map((x) => (x.path.startsWith(`/${form}-`) ? x : onForm([x], form, state.names)[0]!)) : [];
      // A button without fields (an answer, a vote): its refusal is the summary's message.
      const message = !form && shown.errors.length > 0 ? shown.errors.map((x) => x.message).join(' ') : shown.message;
      const code = (e as AppError).code;
      return sendHtml(reply, await show({ form, values: state.values ?? {}, errors, message, code }), (e as AppError).status);
    }
  }

  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const paramsOf = (request: FastifyRequest) => request.params as { id: string; resolutionId: string };
  const tokenOf = (request: FastifyRequest) => (request.params as { token: string }).token;
  const at = (id: string, notice: Notice, anchor = '') => `/assemblies/${encodeURIComponent(id)}?notice=${notice}${anchor}`;

  app.get('/assemblies', page('assemblies.read'), async (request, reply) => sendHtml(reply, await listPage(request, blank)));

  app.post('/assemblies', page('assemblies.manage'), async (request, reply) => {
    const values = formFields(request.body);
    const { input, errors } = readAssemblyForm(values, timeZone);
    return attempt(
      request,
      reply,
      { form: 'assembly', values, errors, names: { scheduledAt: 'date' } },
      (s) => listPage(request, s),
      async () => at((await assemblies.create(request.actor, input)).id, 'notice.assemblyCreated'),
    );
  });

  app.get('/assemblies/rsvp/:token', page('assemblies.rsvp', TokenParams), async (request, reply) =>
    sendHtml(reply, await rsvpPage(request, tokenOf(request), blank)),
  );

  const rsvpAt = (token: string, notice: Notice) => `/assemblies/rsvp/${encodeURIComponent(token)}?notice=${notice}`;

  app.post('/assemblies/rsvp/:token', page('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = tokenOf(request);
    const { value, errors } = choiceOf(rsvpAnswers, formFields(request.body).answer, 'rsvp', 'answer');
    return attempt(
      request,
      reply,
      { form: null, errors },
      (s) => rsvpPage(request, token, s),
      async () => {
        await assemblies.answer(token, value);
        return rsvpAt(token, 'notice.assemblyRsvpRecorded');
      },
    );
  });

  app.post('/assemblies/rsvp/:token/proxy', page('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = tokenOf(request);
    const values = formFields(request.body);
    const holderId = (values.holderId ?? '').trim();
    return attempt(
      request,
      reply,
      { form: 'proxy', values },
      (s) => rsvpPage(request, token, s),
      async () => {
        await assemblies.giveProxyByToken(token, holderId || null);
        return rsvpAt(token, holderId ? 'notice.assemblyProxyGiven' : 'notice.assemblyProxyWithdrawn');
      },
    );
  });

  app.post('/assemblies/rsvp/:token/check-in', page('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = tokenOf(request);
    return attempt(
      request,
      reply,
      { form: null },
      (s) => rsvpPage(request, token, s),
      async () => {
        await assemblies.checkInByToken(token);
        return rsvpAt(token, 'notice.assemblyCheckedIn');
      },
    );
  });

  app.get('/assemblies/:id', page('assemblies.read', IdParams), async (request, reply) => sendHtml(reply, await assemblyPage(request, idOf(request), blank)));

  /** A form of the assembly's page: read, run, then back to the page (at `anchor`) or shown again with its refusal. */
  function assemblyForm(
    path: string,
    policy: string,
    read: (request: FastifyRequest) => { form: string | null; values?: Values; errors?: FieldError[]; names?: Record<string, string> },
    run: (request: FastifyRequest) => Promise<string>,
    extra: { params?: Params; multipart?: boolean } = {},
  ) {
    const options = page(policy, extra.params ?? IdParams);
    app.post(
      path,
      {
        ...options,
        // A larger upload stops at the limit with 413 (the plugin's own refusal).
        config: { ...options.config, ...(extra.multipart ? { multipartOptions: { limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 10 } } } : {}) },
      },
      async (request, reply) => {
        const id = idOf(request);
        return attempt(
          request,
          reply,
          read(request),
          (s) => assemblyPage(request, id, s),
          () => run(request),
        );
      },
    );
  }

  assemblyForm(
    '/assemblies/:id/items',
    'assemblies.manage',
    (request) => ({ form: 'item', values: formFields(request.body), errors: readItemForm(formFields(request.body)).errors }),
    async (request) => {
      await assemblies.addItem(request.actor, idOf(request), readItemForm(formFields(request.body)).input);
      return at(idOf(request), 'notice.assemblyItemAdded', '#agenda-title');
    },
  );

  assemblyForm(
    '/assemblies/:id/documents',
    'assemblies.manage',
    (request) => {
      const { values, errors } = readDocumentForm(request.body);
      return { form: 'document', values, errors };
    },
    async (request) => {
      await assemblies.addDocument(request.actor, idOf(request), readDocumentForm(request.body).input);
      return at(idOf(request), 'notice.assemblyDocumentAdded', '#documents-title');
    },
    { multipart: true },
  );

  assemblyForm(
    '/assemblies/:id/convene',
    'assemblies.manage',
    (request) => ({ form: 'convene', values: formFields(request.body), errors: readConveneForm(formFields(request.body)).errors }),
    async (request) => {
      await assemblies.convene(request.actor, idOf(request), readConveneForm(formFields(request.body)).input);
      return at(idOf(request), 'notice.assemblyConvened');
    },
  );

  assemblyForm(
    '/assemblies/:id/open',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request) => {
      await assemblies.open(request.actor, idOf(request));
      return at(idOf(request), 'notice.assemblyOpened');
    },
  );

  assemblyForm(
    '/assemblies/:id/check-in',
    'assemblies.conduct',
    (request) => {
      const values = formFields(request.body);
      const errors: FieldError[] = values.personId && values.personId.length <= 64 ? [] : [{ path: '/personId', code: 'required', message: 'an invitee' }];
      if (values.present !== 'true' && values.present !== 'false') errors.push({ path: '/present', code: 'invalid_choice', message: 'true or false' });
      return { form: null, errors };
    },
    async (request) => {
      const values = formFields(request.body);
      await assemblies.checkIn(request.actor, idOf(request), values.personId!, values.present === 'true');
      return at(idOf(request), values.present === 'true' ? 'notice.assemblyCheckedIn' : 'notice.assemblyCheckedOut', `#invitee-${values.personId}`);
    },
  );

  assemblyForm(
    '/assemblies/:id/resolutions',
    'assemblies.conduct',
    (request) => ({ form: 'resolution', values: formFields(request.body), errors: readResolutionForm(formFields(request.body)).errors }),
    async (request) => {
      await assemblies.addResolution(request.actor, idOf(request), readResolutionForm(formFields(request.body)).input);
      return at(idOf(request), 'notice.assemblyResolutionAdded', '#resolutions-title');
    },
  );

  assemblyForm(
    '/assemblies/:id/resolutions/:resolutionId/open',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request) => {
      const { id, resolutionId } = paramsOf(request);
      await assemblies.openResolution(request.actor, id, resolutionId);
      return at(id, 'notice.assemblyResolutionOpened', `#resolution-${resolutionId}`);
    },
    { params: ResolutionParams },
  );

  assemblyForm(
    '/assemblies/:id/resolutions/:resolutionId/vote',
    'assemblies.participate',
    (request) => ({ form: null, errors: choiceOf(voteChoices, formFields(request.body).choice, 'vote', 'choice').errors }),
    async (request) => {
      const { id, resolutionId } = paramsOf(request);
      await assemblies.vote(request.actor, id, resolutionId, choiceOf(voteChoices, formFields(request.body).choice, 'vote', 'choice').value);
      return at(id, 'notice.assemblyVoteRecorded', `#resolution-${resolutionId}`);
    },
    { params: ResolutionParams },
  );

  assemblyForm(
    '/assemblies/:id/resolutions/:resolutionId/counts',
    'assemblies.conduct',
    (request) => {
      const form = `counts-${paramsOf(request).resolutionId}`;
      return { form, values: formFields(request.body), errors: readCountsForm(formFields(request.body), form).errors, names: { votes: 'counts' } };
    },
    async (request) => {
      const { id, resolutionId } = paramsOf(request);
      await assemblies.recordCounts(request.actor, id, resolutionId, readCountsForm(formFields(request.body), 'counts').input);
      return at(id, 'notice.assemblyCountsRecorded', `#resolution-${resolutionId}`);
    },
    { params: ResolutionParams },
  );

  assemblyForm(
    '/assemblies/:id/resolutions/:resolutionId/close',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request) => {
      const { id, resolutionId } = paramsOf(request);
      await assemblies.closeResolution(request.actor, id, resolutionId);
      return at(id, 'notice.assemblyResolutionClosed', `#resolution-${resolutionId}`);
    },
    { params: ResolutionParams },
  );

  assemblyForm(
    '/assemblies/:id/close',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request) => {
      await assemblies.close(request.actor, idOf(request));
      return at(idOf(request), 'notice.assemblyClosed');
    },
  );

  assemblyForm(
    '/assemblies/:id/rsvp',
    'assemblies.participate',
    (request) => ({ form: null, errors: choiceOf(rsvpAnswers, formFields(request.body).answer, 'rsvp', 'answer').errors }),
    async (request) => {
      const id = idOf(request);
      await assemblies.answerAsMember(request.actor, id, choiceOf(rsvpAnswers, formFields(request.body).answer, 'rsvp', 'answer').value);
      return at(id, 'notice.assemblyRsvpRecorded', '#me-title');
    },
  );

  assemblyForm(
    '/assemblies/:id/proxy',
    'assemblies.participate',
    (request) => ({ form: 'proxy', values: formFields(request.body) }),
    async (request) => {
      const holderId = (formFields(request.body).holderId ?? '').trim();
      await assemblies.giveProxy(request.actor, idOf(request), holderId || null);
      return at(idOf(request), holderId ? 'notice.assemblyProxyGiven' : 'notice.assemblyProxyWithdrawn', '#me-title');
    },
  );

  app.get('/assemblies/:id/documents/:documentId', page('assemblies.read', DocumentParams), async (request, reply) => {
    const { id, documentId } = request.params as { id: string; documentId: string };
    const document = await assemblies.document(request.actor, id, documentId);
    return reply
      .type(document.contentType)
      .header('content-disposition', attachment(document.filename))
      .header('cache-control', 'private, no-store')
      .send(document.content);
  });

  app.get('/assemblies/:id/minutes', page('assemblies.minutes', IdParams), async (request, reply) => {
    const id = idOf(request);
    const [ctx, assembly, markdown] = await Promise.all([pageContext(request), assemblies.get(request.actor, id), assemblies.minutes(request.actor, id)]);
    return sendHtml(reply, <AssemblyMinutesPage ctx={ctx} assembly={assembly} markdown={markdown} />);
  });

  app.get('/assemblies/:id/attendance', page('assemblies.conduct', IdParams), async (request, reply) => {
    const id = idOf(request);
    const [ctx, sheet] = await Promise.all([pageContext(request), assemblies.attendanceSheet(request.actor, id)]);
    return sendHtml(reply, <AttendanceSheetPage ctx={ctx} timeZone={timeZone} sheet={sheet} />);
  });
}
