import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { AssembliesUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/page.js';
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
  rsvpAnswers,
  voteChoices,
} from './assembly-forms.js';
import { AssemblyPage } from './assembly-page.js';
import { AssembliesListPage } from './assemblies-list-page.js';
import { RsvpPage } from './rsvp-page.js';
import { assemblyConfirmations } from './confirmations.js';
import { isConfirmed } from '../../platform/http/confirmation.js';
import { AssemblyMinutesPage, AttendanceSheetPage } from './attendance-sheet.js';
import { onForm } from '../../platform/http/ui/form-controls.js';

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
    extra: { params?: Params; multipart?: boolean; confirm?: (request: FastifyRequest) => Promise<VNode> } = {},
  ) {
    const options = page(policy, extra.params ?? IdParams);
    app.post(
      path,
      {
        ...options,
        // A larger upload stops at the limit with 413 (the plugin's own refusal). An upload route is
        // authorised before its body is read (config.upload), and takes a document and its fields.
        ...(extra.multipart ? { bodyLimit: DOCUMENT_MAX_BYTES + 64 * 1024 } : {}),
        config: {
          ...options.config,
          ...(extra.multipart ? { upload: true, multipartOptions: { limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 10 } } } : {}),
        },
      },
      async (request, reply) => {
        const id = idOf(request);
        return attempt(
          request,
          reply,
          read(request),
          (s) => assemblyPage(request, id, s),
          // An act that can't be undone is first shown with what it will do, and done once confirmed.
          () => (extra.confirm && !isConfirmed(formFields(request.body)) ? extra.confirm(request) : run(request)),
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
    {
      confirm: async (request) =>
        confirmations.convene(
          await pageContext(request),
          request.actor,
          idOf(request),
          formFields(request.body),
          readConveneForm(formFields(request.body)).input,
        ),
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
    {
      params: ResolutionParams,
      confirm: async (request) =>
        confirmations.closeResolution(await pageContext(request), request.actor, paramsOf(request).id, paramsOf(request).resolutionId),
    },
  );

  assemblyForm(
    '/assemblies/:id/close',
    'assemblies.conduct',
    () => ({ form: null }),
    async (request) => {
      await assemblies.close(request.actor, idOf(request));
      return at(idOf(request), 'notice.assemblyClosed');
    },
    { confirm: async (request) => confirmations.close(await pageContext(request), request.actor, idOf(request)) },
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
