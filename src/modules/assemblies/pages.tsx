import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { AssembliesUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/page.js';
import { holderMatchesFor, holderOf, proxyHolderPages } from './proxy-holder-pages.js';
import { formErrorsOf, formFields } from '../../platform/http/forms.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import {
  choiceOf,
  DOCUMENT_MAX_BYTES,
  readAssemblyForm,
  readConveneForm,
  readCountsForm,
  readDocumentForm,
  readItemForm,
  readResolutionForm,
} from './assembly-forms.js';
import { RSVP_ANSWERS, VOTE_CHOICES } from './rules.js';
import { AssemblyPage } from './assembly-page.js';
import { AssembliesListPage } from './assemblies-list-page.js';
import { RsvpPage } from './rsvp-page.js';
import { assemblyConfirmations } from './confirmations.js';
import { isConfirmed } from '../../platform/http/confirmation.js';
import { AssemblyMinutesPage, AttendanceSheetPage } from './attendance-sheet.js';
import { onForm } from '../../platform/http/ui/form-controls.js';
import { agendaPages } from './agenda-pages.js';
import { minutesPages } from './minutes-pages.js';
import { INVITEES_PER_PAGE, inviteeViewHref, type InviteeView } from './invitee-browser.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const ResolutionParams = Type.Object({ id: Id, resolutionId: Id });
const DocumentParams = Type.Object({ id: Id, documentId: Id });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
/** The page of the invitees the assembly's page shows (invitee-browser.tsx); other parameters (a notice) pass. */
const InviteeViewQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  after: Type.Optional(Type.String({ maxLength: 500 })),
  before: Type.Optional(Type.String({ maxLength: 500 })),
});
type Params = typeof IdParams | typeof ResolutionParams | typeof DocumentParams | typeof TokenParams;
const page = (policy: string) => ({ config: { policy, page: true } });
/** A page whose path names records: the params are typed from their schema, and a malformed one is the readable error page. */
const pageOf = <P extends Params>(policy: string, params: P) => ({
  config: { policy, page: true },
  schema: { params, hide: true },
});

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

/** `attachment; filename=…` with the UTF-8 name for browsers and an ASCII one for the rest (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * General assemblies: the list and the new assembly; an assembly's page, where it is
 * prepared, convened and held; the personal answer link that needs no login; the attendance
 * sheet to print and sign; the minutes.
 */
export function assembliesPages(app: App, deps: PageDeps<AssembliesUses>): void {
  const { services, pageContext, config } = deps;
  const timeZone = config.TIMEZONE;
  const assemblies = services.assemblies;
  const confirmations = assemblyConfirmations(assemblies);

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

  async function assemblyPage(request: FastifyRequest, id: string, state: FormState, view: InviteeView = {}) {
    const ctx = await pageContext(request);
    const assembly = await assemblies.get(request.actor, id);
    const me = assembly.me;
    const bureau = ctx.allowed('assemblies.manage') || ctx.allowed('assemblies.conduct');
    const givesProxy = Boolean(me?.canVote && assembly.allowedActions.includes('proxy'));
    // The bureau's table, a page at a time: thousands of invitees would make a page too heavy to read.
    const invitees = bureau
      ? await assemblies.inviteesPage(request.actor, id, { q: view.q, cursor: view.after, before: view.before, limit: INVITEES_PER_PAGE })
      : null;
    // The proxy's holder is searched by name among the voters (proxy-holders below), never listed whole.
    const holderMatches = givesProxy ? await holderMatchesFor(state, (typed) => assemblies.proxyHoldersNamed(request.actor, id, typed)) : undefined;
    const takesMinutes = ctx.allowed('assemblies.conduct') && (assembly.status === 'open' || assembly.status === 'closed') && !assembly.minutesApprovedAt;
    return (
      <AssemblyPage
        ctx={ctx}
        timeZone={timeZone}
        noticeDays={config.ASSEMBLY_NOTICE_DAYS}
        assembly={assembly}
        presentForMinutes={takesMinutes ? await assemblies.presentForMinutes(request.actor, id) : null}
        // The list is the bureau's (who answered, who holds whose proxy); others see the counts.
        invitees={invitees}
        inviteeView={view}
        holderMatches={holderMatches}
        {...state}
      />
    );
  }

  async function rsvpPage(request: FastifyRequest, token: string, state: FormState) {
    const ctx = await pageContext(request);
    const view = await assemblies.rsvpView(token);
    const holderMatches = await holderMatchesFor(state, (typed) => assemblies.proxyHoldersNamedByToken(token, typed));
    return <RsvpPage ctx={ctx} timeZone={timeZone} token={token} view={view} holderMatches={holderMatches} {...state} />;
  }

  /** Runs a form's action and redirects, or shows the page again with the refusal beside the form's fields. */
  async function attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form: string | null; values?: Values; errors?: FieldError[]; names?: Record<string, string> },
    show: (state: FormState) => Promise<VNode>,
    action: () => Promise<string | VNode>,
  ) {
    try {
      if (state.errors?.length) throw validationFailed(state.errors);
      const done = await action();
      // A page instead of a place to go: the confirmation of an act that can't be undone.
      return typeof done === 'string' ? reply.redirect(done, 303) : sendHtml(reply, done);
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

  app.get('/assemblies/rsvp/:token', pageOf('assemblies.rsvp', TokenParams), async (request, reply) =>
    sendHtml(reply, await rsvpPage(request, request.params.token, blank)),
  );

  const rsvpAt = (token: string, notice: Notice) => `/assemblies/rsvp/${encodeURIComponent(token)}?notice=${notice}`;

  app.post('/assemblies/rsvp/:token', pageOf('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = request.params.token;
    const { value, errors } = choiceOf(RSVP_ANSWERS, formFields(request.body).answer, 'rsvp', 'answer');
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

  app.post('/assemblies/rsvp/:token/proxy', pageOf('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = request.params.token;
    const values = formFields(request.body);
    return attempt(
      request,
      reply,
      { form: 'proxy', values },
      (s) => rsvpPage(request, token, s),
      async () => {
        const holderId = await holderOf(values, (typed) => assemblies.proxyHolderNamedByToken(token, typed));
        await assemblies.giveProxyByToken(token, holderId);
        return rsvpAt(token, holderId ? 'notice.assemblyProxyGiven' : 'notice.assemblyProxyWithdrawn');
      },
    );
  });

  app.post('/assemblies/rsvp/:token/check-in', pageOf('assemblies.rsvp', TokenParams), async (request, reply) => {
    const token = request.params.token;
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

  app.get(
    '/assemblies/:id',
    { ...pageOf('assemblies.read', IdParams), schema: { params: IdParams, querystring: InviteeViewQuery, hide: true } },
    async (request, reply) => sendHtml(reply, await assemblyPage(request, request.params.id, blank, request.query)),
  );

  /** The options of a form's route: its params' schema, and for an upload, its limits. */
  function formOptions<P extends typeof IdParams | typeof ResolutionParams>(policy: string, params: P, multipart = false) {
    const options = pageOf(policy, params);
    return {
      ...options,
      // A larger upload stops at the limit with 413 (the plugin's own refusal). An upload route is
      // authorised before its body is read (config.upload), and takes a document and its fields.
      ...(multipart ? { bodyLimit: DOCUMENT_MAX_BYTES + 64 * 1024 } : {}),
      config: {
        ...options.config,
        ...(multipart ? { upload: true, multipartOptions: { limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 10 } } } : {}),
      },
    };
  }

  /** How a form of the assembly's page reads its fields, what it runs, and what it first asks to confirm. */
  interface FormSteps<T> {
    read: (request: FastifyRequest, params: T) => { form: string | null; values?: Values; errors?: FieldError[]; names?: Record<string, string> };
    run: (request: FastifyRequest, params: T) => Promise<string>;
    confirm?: (request: FastifyRequest, params: T) => Promise<VNode>;
  }

  /** A form of the assembly's page: read, run, then back to the page (at `anchor`) or shown again with its refusal. */
  function submit<T extends { id: string }>(request: FastifyRequest, reply: FastifyReply, params: T, steps: FormSteps<T>) {
    return attempt(
      request,
      reply,
      steps.read(request, params),
      (s) => assemblyPage(request, params.id, s),
      // An act that can't be undone is first shown with what it will do, and done once confirmed.
      () => (steps.confirm && !isConfirmed(formFields(request.body)) ? steps.confirm(request, params) : steps.run(request, params)),
    );
  }

  /** A form on the assembly itself (`/assemblies/:id/…`). */
  function assemblyForm(
    path: string,
    policy: string,
    read: FormSteps<Static<typeof IdParams>>['read'],
    run: FormSteps<Static<typeof IdParams>>['run'],
    extra: { multipart?: boolean; confirm?: FormSteps<Static<typeof IdParams>>['confirm'] } = {},
  ) {
    app.post(path, formOptions(policy, IdParams, extra.multipart), async (request, reply) =>
      submit(request, reply, request.params, { read, run, confirm: extra.confirm }),
    );
  }

  /** A form on one of its resolutions (`/assemblies/:id/resolutions/:resolutionId/…`). */
  function resolutionForm(
    path: string,
    policy: string,
    read: FormSteps<Static<typeof ResolutionParams>>['read'],
    run: FormSteps<Static<typeof ResolutionParams>>['run'],
    extra: { confirm?: FormSteps<Static<typeof ResolutionParams>>['confirm'] } = {},
  ) {
    app.post(path, formOptions(policy, ResolutionParams), async (request, reply) =>
      submit(request, reply, request.params, { read, run, confirm: extra.confirm }),
    );
  }

  // Editing and removing what the agenda holds: agenda-pages.tsx.
  agendaPages(app, { assemblies, confirmations, pageContext, at, submit });
  // Whom a voter gives their proxy to, searched among the voters: proxy-holder-pages.tsx.
  proxyHolderPages(app, { assemblies, pageContext });
  // The secretary's part of the minutes: minutes-pages.tsx.
  minutesPages(app, { assemblies, pageContext, at, submit });

  assemblyForm(
    '/assemblies/:id/items',
    'assemblies.manage',
    (request) => ({ form: 'item', values: formFields(request.body), errors: readItemForm(formFields(request.body)).errors }),
    async (request, { id }) => {
      await assemblies.addItem(request.actor, id, readItemForm(formFields(request.body)).input);
      return at(id, 'notice.assemblyItemAdded', '#agenda-title');
    },
  );

  assemblyForm(
    '/assemblies/:id/documents',
    'assemblies.manage',
    (request) => {
      const { values, errors } = readDocumentForm(request.body);
      return { form: 'document', values, errors };
    },
    async (request, { id }) => {
      await assemblies.addDocument(request.actor, id, readDocumentForm(request.body).input);
      return at(id, 'notice.assemblyDocumentAdded', '#documents-title');
    },
    { multipart: true },
  );

  assemblyForm(
    '/assemblies/:id/convene',
    'assemblies.manage',
    (request) => ({ form: 'convene', values: formFields(request.body), errors: readConveneForm(formFields(request.body)).errors }),
    async (request, { id }) => {
      await assemblies.convene(request.actor, id, readConveneForm(formFields(request.body)).input);
      return at(id, 'notice.assemblyConvened');
    },
    {
      confirm: async (request, { id }) =>
        confirmations.convene(await pageContext(request), request.actor, id, formFields(request.body), readConveneForm(formFields(request.body)).input),
    },
  );

  assemblyForm(
    '/assemblies/:id/open',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request, { id }) => {
      await assemblies.open(request.actor, id);
      return at(id, 'notice.assemblyOpened');
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
    async (request, { id }) => {
      const values = formFields(request.body);
      await assemblies.checkIn(request.actor, id, values.personId!, values.present === 'true');
      // Back to the page of the list the desk was on (the name searched, the page), at the person's row.
      const view = { q: values.q?.slice(0, 200), after: values.after?.slice(0, 500), before: values.before?.slice(0, 500) };
      const notice = values.present === 'true' ? 'notice.assemblyCheckedIn' : 'notice.assemblyCheckedOut';
      return `${inviteeViewHref(id, view, { notice })}#invitee-${values.personId}`;
    },
  );

  assemblyForm(
    '/assemblies/:id/resolutions',
    'assemblies.conduct',
    (request) => ({ form: 'resolution', values: formFields(request.body), errors: readResolutionForm(formFields(request.body)).errors }),
    async (request, { id }) => {
      await assemblies.addResolution(request.actor, id, readResolutionForm(formFields(request.body)).input);
      return at(id, 'notice.assemblyResolutionAdded', '#resolutions-title');
    },
  );

  resolutionForm(
    '/assemblies/:id/resolutions/:resolutionId/open',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request, { id, resolutionId }) => {
      await assemblies.openResolution(request.actor, id, resolutionId);
      return at(id, 'notice.assemblyResolutionOpened', `#resolution-${resolutionId}`);
    },
  );

  resolutionForm(
    '/assemblies/:id/resolutions/:resolutionId/vote',
    'assemblies.participate',
    (request) => ({ form: null, errors: choiceOf(VOTE_CHOICES, formFields(request.body).choice, 'vote', 'choice').errors }),
    async (request, { id, resolutionId }) => {
      await assemblies.vote(request.actor, id, resolutionId, choiceOf(VOTE_CHOICES, formFields(request.body).choice, 'vote', 'choice').value);
      return at(id, 'notice.assemblyVoteRecorded', `#resolution-${resolutionId}`);
    },
  );

  resolutionForm(
    '/assemblies/:id/resolutions/:resolutionId/counts',
    'assemblies.conduct',
    (request, { resolutionId }) => {
      const form = `counts-${resolutionId}`;
      return { form, values: formFields(request.body), errors: readCountsForm(formFields(request.body), form).errors, names: { votes: 'counts' } };
    },
    async (request, { id, resolutionId }) => {
      await assemblies.recordCounts(request.actor, id, resolutionId, readCountsForm(formFields(request.body), 'counts').input);
      return at(id, 'notice.assemblyCountsRecorded', `#resolution-${resolutionId}`);
    },
  );

  resolutionForm(
    '/assemblies/:id/resolutions/:resolutionId/close',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request, { id, resolutionId }) => {
      await assemblies.closeResolution(request.actor, id, resolutionId);
      return at(id, 'notice.assemblyResolutionClosed', `#resolution-${resolutionId}`);
    },
    { confirm: async (request, { id, resolutionId }) => confirmations.closeResolution(await pageContext(request), request.actor, id, resolutionId) },
  );

  assemblyForm(
    '/assemblies/:id/close',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request, { id }) => {
      await assemblies.close(request.actor, id);
      return at(id, 'notice.assemblyClosed');
    },
    { confirm: async (request, { id }) => confirmations.close(await pageContext(request), request.actor, id) },
  );

  assemblyForm(
    '/assemblies/:id/rsvp',
    'assemblies.participate',
    (request) => ({ form: null, errors: choiceOf(RSVP_ANSWERS, formFields(request.body).answer, 'rsvp', 'answer').errors }),
    async (request, { id }) => {
      await assemblies.answerAsMember(request.actor, id, choiceOf(RSVP_ANSWERS, formFields(request.body).answer, 'rsvp', 'answer').value);
      return at(id, 'notice.assemblyRsvpRecorded', '#me-title');
    },
  );

  assemblyForm(
    '/assemblies/:id/proxy',
    'assemblies.participate',
    (request) => ({ form: 'proxy', values: formFields(request.body) }),
    async (request, { id }) => {
      const holderId = await holderOf(formFields(request.body), (typed) => assemblies.proxyHolderNamed(request.actor, id, typed));
      await assemblies.giveProxy(request.actor, id, holderId);
      return at(id, holderId ? 'notice.assemblyProxyGiven' : 'notice.assemblyProxyWithdrawn', '#me-title');
    },
  );

  app.get('/assemblies/:id/documents/:documentId', pageOf('assemblies.read', DocumentParams), async (request, reply) => {
    const { id, documentId } = request.params;
    const document = await assemblies.document(request.actor, id, documentId);
    return reply
      .type(document.contentType)
      .header('content-disposition', attachment(document.filename))
      .header('cache-control', 'private, no-store')
      .send(document.content);
  });

  app.get('/assemblies/:id/minutes', pageOf('assemblies.minutes', IdParams), async (request, reply) => {
    const id = request.params.id;
    const [ctx, assembly, markdown] = await Promise.all([pageContext(request), assemblies.get(request.actor, id), assemblies.minutes(request.actor, id)]);
    return sendHtml(reply, <AssemblyMinutesPage ctx={ctx} assembly={assembly} markdown={markdown} />);
  });

  app.get('/assemblies/:id/attendance', pageOf('assemblies.conduct', IdParams), async (request, reply) => {
    const id = request.params.id;
    const [ctx, sheet] = await Promise.all([pageContext(request), assemblies.attendanceSheet(request.actor, id)]);
    return sendHtml(reply, <AttendanceSheetPage ctx={ctx} timeZone={timeZone} sheet={sheet} />);
  });
}
