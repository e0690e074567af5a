import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, isRefusal, type Refusal } from '../../platform/errors.js';
import { activitySettings } from '../../platform/config.js';
import { translate } from '../../platform/i18n/index.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { createAudiences } from '../people/audiences.js';
import { formatSessionDate } from '../sessions/minutes.js';
import { renderCalendar } from '../sessions/ics.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository, type InviteeRow } from './repository.js';
import {
  assemblyInvitees,
  meetsNoticePeriod,
  checkConvocation,
  checkCounts,
  checkProxy,
  checkVote,
  computeAssemblyQuorum,
  tallyResolution,
  transitionAssembly,
} from './rules.js';
import { renderAssemblyMinutes } from './minutes.js';
import type { AgendaItem, Assembly, AssemblyKind, AssemblyView, Invitee, Majority, Quorum, Rsvp, RsvpView, VoteChoice } from './types.js';

export interface AssemblyInput {
  kind: AssemblyKind;
  title: string;
  scheduledAt: string;
  location?: string | null;
  videoUrl?: string | null;
  durationMinutes?: number;
}

function refuse(refusal: Refusal | null): void {
  if (refusal) throw AppError.from(refusal);
}

const blank = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/**
 * General assemblies (issue 7): preparing, convening every member and every contributor (design
 * invariant 6), answers and proxies, check-in and live quorum, resolutions and votes, minutes.
 */
export function createAssembliesService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const publicUrl = (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
  const audiences = (db: Kysely<DB>) => createAudiences(db, activitySettings(config).policy);

  // The personal link: the invitee's id and a MAC of it. No table to keep; it ends with the assembly.
  function rsvpToken(inviteeId: string): string {
    return `${inviteeId}.${createHmac('sha256', config.EQUIPAGE_SECRET).update(`assembly-rsvp:${inviteeId}`).digest('base64url').slice(0, 32)}`;
  }
  function inviteeIdOf(token: string): string | null {
    const [id, mac] = token.split('.');
    if (!id || !mac || id.length > 64) return null;
    const expected = Buffer.from(rsvpToken(id).split('.')[1]);
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }
  const rsvpLink = (inviteeId: string) => `${publicUrl}/assemblies/rsvp/${rsvpToken(inviteeId)}`;

  async function load(db: Kysely<DB>, id: string): Promise<Assembly> {
    const a = await createAssembliesRepository(db).findById(id);
    if (!a) throw new AppError('not_found', `No assembly ${id}`);
    return a;
  }

  /** Who the assembly convenes today: every member and every contributor (invariant 6). */
  async function desiredInvitees(db: Kysely<DB>) {
    const who = audiences(db);
    const [members, contributors] = await Promise.all([who.members(), who.contributors(clock.today())]);
    return assemblyInvitees({
      members: members.map((p) => ({ personId: p.id, displayName: p.displayName })),
      contributors: contributors.map((p) => ({ personId: p.id, displayName: p.displayName })),
      votersAre: config.ASSEMBLY_VOTERS,
    });
  }

  function invitation(a: Assembly, inviteeId: string, assoc: string): string {
    return renderCalendar({
      calendarName: assoc,
      now: clock.now(),
      events: [
        {
          uid: `${a.id}@equipage`,
          start: a.scheduledAt,
          durationMinutes: a.durationMinutes,
          summary: `${a.title} — ${assoc}`,
          location: a.location ?? a.videoUrl ?? undefined,
          description: rsvpLink(inviteeId),
          url: rsvpLink(inviteeId),
          status: 'planned',
        },
      ],
    });
  }

  /** One convocation mail, with the calendar invitation and the personal link, in the invitee's language. */
  async function convocationMail(
    db: Kysely<DB>,
    a: Assembly,
    invitee: { id: string; personId: string; email: string; displayName: string; locale: 'fr' | 'en' },
    kind: 'convocation' | 'reminder',
  ) {
    const assoc = await associationName(db);
    const params = {
      name: invitee.displayName,
      association: assoc,
      title: a.title,
      date: formatSessionDate(a.scheduledAt, invitee.locale, config.TIMEZONE),
      place: [a.location, a.videoUrl].filter(Boolean).join(' — ') || '—',
      rsvpLink: rsvpLink(invitee.id),
    };
    const key = kind === 'convocation' ? 'mail.convocation' : 'mail.assemblyReminder';
    await createMailRepository(db).record({
      to: invitee.email,
      personId: invitee.personId,
      kind: kind === 'convocation' ? 'assembly_convocation' : 'assembly_reminder',
      subject: translate(invitee.locale, `${key}.subject`, params),
      body: translate(invitee.locale, `${key}.body`, params),
      locale: invitee.locale,
      attachments: [{ filename: 'convocation.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: invitation(a, invitee.id, assoc) }],
      now: clock.now(),
    });
  }

  /** Adds the people who joined the audience since the convocation, and mails them (hourly, and on convening). */
  async function conveneNewcomers(trx: Kysely<DB>, a: Assembly): Promise<number> {
    const repo = createAssembliesRepository(trx);
    const existing = new Map((await repo.invitees(a.id)).map((i) => [i.personId, i]));
    const desired = await desiredInvitees(trx);
    let added = 0;
    for (const d of desired) {
      const current = existing.get(d.personId);
      if (current) {
        // A contributor who became a member meanwhile votes as one.
        if (current.capacity !== d.capacity || current.canVote !== d.canVote)
          await repo.updateInvitee(current.id, { capacity: d.capacity, can_vote: d.canVote ? 1 : 0 });
        continue;
      }
      await repo.addInvitee({ assemblyId: a.id, personId: d.personId, capacity: d.capacity, canVote: d.canVote, convenedAt: clock.now() });
      const [row] = await repo.invitees(a.id, d.personId);
      await convocationMail(trx, a, row, 'convocation');
      added++;
    }
    return added;
  }

  function presentInvitee(row: InviteeRow, proxies: { giverId: string; holderId: string }[]): Invitee {
    return {
      personId: row.personId,
      displayName: row.displayName,
      capacity: row.capacity,
      canVote: row.canVote,
      rsvp: row.rsvp,
      rsvpAt: row.rsvpAt,
      checkedInAt: row.checkedInAt,
      proxyHolderId: proxies.find((p) => p.giverId === row.personId)?.holderId ?? null,
      holdsProxiesFor: proxies.filter((p) => p.holderId === row.personId).map((p) => p.giverId),
    };
  }

  /** Quorum from attendance: voters present, and voters absent whose proxy holder is present. */
  function quorumOf(invitees: InviteeRow[], proxies: { giverId: string; holderId: string }[]): Quorum {
    const voters = invitees.filter((i) => i.canVote);
    const present = new Set(voters.filter((i) => i.checkedInAt).map((i) => i.personId));
    const represented = proxies.filter((p) => !present.has(p.giverId) && present.has(p.holderId) && voters.some((v) => v.personId === p.giverId)).length;
    return computeAssemblyQuorum({ voters: voters.length, present: present.size, represented, rule: config.ASSEMBLY_QUORUM });
  }

  async function inviteeOf(db: Kysely<DB>, assemblyId: string, personId: string | null): Promise<InviteeRow | undefined> {
    if (!personId) return undefined;
    return (await createAssembliesRepository(db).invitees(assemblyId, personId))[0];
  }

  async function mayRead(actor: Actor, a: Assembly): Promise<void> {
    if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return;
    if (!(await inviteeOf(database.db, a.id, actor.personId))) throw new AppError('not_found', `No assembly ${a.id}`);
  }

  function allowedActions(actor: Actor, a: Assembly, me: InviteeRow | undefined): string[] {
    const actions: string[] = [];
    const prepare = canPrepareAssemblies(actor);
    const conduct = canConductAssemblies(actor);
    if (prepare && a.status !== 'closed') actions.push('update', 'addItem', 'addDocument');
    if (prepare && a.status === 'draft') actions.push('convene');
    if (conduct && a.status === 'convened') actions.push('open');
    // Resolutions usually go out with the convocation: the bureau may propose them from the start.
    if (conduct && a.status !== 'closed') actions.push('addResolution');
    if (conduct && a.status === 'open') actions.push('checkIn', 'openResolution', 'recordCounts', 'closeResolution', 'close');
    if (me && (a.status === 'convened' || a.status === 'open')) actions.push('rsvp');
    if (me?.canVote && (a.status === 'convened' || a.status === 'open')) actions.push('proxy');
    if (me?.canVote && a.status === 'open') actions.push('vote');
    if (a.status === 'closed') actions.push('minutes');
    if (conduct || prepare) actions.push('attendance');
    return actions;
  }

  async function audit(db: Kysely<DB>, actorId: string | null, action: string, assemblyId: string, after?: Record<string, unknown>) {
    await createAuditRepository(db, database.dialect).append({
      actorId,
      action,
      subjectType: 'assembly',
      subjectId: assemblyId,
      after: after ?? null,
      at: clock.now(),
    });
  }

  /** Moves the assembly with optimistic concurrency. */
  async function move(db: Kysely<DB>, a: Assembly, event: 'convene' | 'open' | 'close', patch: Record<string, unknown>) {
    const next = transitionAssembly(a.status, event);
    if (isRefusal(next)) throw AppError.from(next);
    const ok = await createAssembliesRepository(db).update(a.id, a.version, { ...patch, status: next.status, updated_at: clock.now() });
    if (!ok) throw new AppError('version_conflict', 'The assembly changed meanwhile; reload and try again');
  }

  async function giveProxyAs(assemblyId: string, giverId: string, holderId: string | null, actorId: string | null): Promise<void> {
    await database.transaction(async (trx) => {
      const a = await load(trx, assemblyId);
      const repo = createAssembliesRepository(trx);
      const invitees = await repo.invitees(assemblyId);
      const proxies = await repo.proxies(assemblyId);
      const giver = invitees.find((i) => i.personId === giverId);
      if (holderId !== null) {
        const holder = invitees.find((i) => i.personId === holderId);
        refuse(
          checkProxy({
            status: a.status,
            giver: giver ? { canVote: giver.canVote, present: giver.checkedInAt !== null } : null,
            holder: holder ? { canVote: holder.canVote } : null,
            giverId,
            holderId,
            holderAlreadyHolds: proxies.filter((p) => p.holderId === holderId && p.giverId !== giverId).length,
            max: config.ASSEMBLY_MAX_PROXIES,
            holderGaveProxy: proxies.some((p) => p.giverId === holderId),
            giverHolds: proxies.filter((p) => p.holderId === giverId).length,
          }),
        );
      } else if (!giver) {
        throw new AppError('not_invited', 'You are not invited to this assembly');
      }
      await repo.setProxy(assemblyId, giverId, holderId, clock.now());
      await audit(trx, actorId, holderId ? 'assembly.proxy_given' : 'assembly.proxy_withdrawn', assemblyId, { giverId, holderId });
    });
  }

  async function checkInAs(assemblyId: string, personId: string, present: boolean, actorId: string | null): Promise<void> {
    await database.transaction(async (trx) => {
      const a = await load(trx, assemblyId);
      if (a.status !== 'open') throw new AppError('assembly_not_open', 'Check-in opens with the assembly');
      const me = await inviteeOf(trx, assemblyId, personId);
      if (!me) throw new AppError('not_invited', 'This person is not invited to this assembly');
      await createAssembliesRepository(trx).updateInvitee(me.id, {
        checked_in_at: present ? clock.now() : null,
        checked_in_by: present ? (actorId ?? personId) : null,
      });
      // Present in person: a proxy given beforehand is no longer needed.
      if (present) await createAssembliesRepository(trx).setProxy(assemblyId, personId, null, clock.now());
      await audit(trx, actorId, present ? 'assembly.checked_in' : 'assembly.checked_out', assemblyId, { personId });
    });
  }

  async function byToken(token: string): Promise<{ assembly: Assembly; invitee: InviteeRow & { assemblyId: string } }> {
    const id = inviteeIdOf(token);
    const invitee = id ? await createAssembliesRepository(database.db).inviteeById(id) : undefined;
    if (!invitee) throw new AppError('invalid_rsvp_token', 'This link is not valid');
    const assembly = await load(database.db, invitee.assemblyId);
    // The personal link ends with the assembly.
    if (assembly.status === 'closed') throw new AppError('invalid_rsvp_token', 'This assembly is over');
    return { assembly, invitee };
  }

  async function answerAs(assemblyId: string, inviteeId: string, rsvp: Rsvp, actorId: string | null) {
    await database.transaction(async (trx) => {
      const a = await load(trx, assemblyId);
      if (a.status !== 'convened' && a.status !== 'open')
        throw new AppError('illegal_transition', 'Answers are taken between the convocation and the assembly');
      await createAssembliesRepository(trx).updateInvitee(inviteeId, { rsvp, rsvp_at: clock.now() });
      await audit(trx, actorId, 'assembly.rsvp', assemblyId, { inviteeId, rsvp });
    });
  }

  return {
    rsvpToken,

    async list(actor: Actor): Promise<Assembly[]> {
      const repo = createAssembliesRepository(database.db);
      if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return repo.list();
      if (!actor.personId) return [];
      return repo.list({ personId: actor.personId });
    },

    async get(actor: Actor, id: string): Promise<AssemblyView> {
      const repo = createAssembliesRepository(database.db);
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const [agenda, documents, resolutions, invitees, proxies] = await Promise.all([
        repo.items(id),
        repo.documents(id),
        repo.resolutions(id),
        repo.invitees(id),
        repo.proxies(id),
      ]);
      const me = invitees.find((i) => i.personId === actor.personId);
      const answered = { yes: 0, no: 0, maybe: 0 };
      for (const i of invitees) if (i.rsvp) answered[i.rsvp]++;
      return {
        ...a,
        agenda,
        documents,
        resolutions,
        invitees: { total: invitees.length, voters: invitees.filter((i) => i.canVote).length, answered },
        quorum: a.status === 'draft' ? null : quorumOf(invitees, proxies),
        allowedActions: allowedActions(actor, a, me),
        me: me ? { ...presentInvitee(me, proxies), votedOn: await repo.votedOn(id, me.personId) } : null,
      };
    },

    async create(actor: Actor, input: AssemblyInput): Promise<Assembly> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      const errors = [];
      if (!title) errors.push({ path: '/title', code: 'required', message: 'a title is required' });
      if (Number.isNaN(Date.parse(input.scheduledAt))) errors.push({ path: '/scheduledAt', code: 'invalid_date', message: 'not an instant' });
      if (errors.length) throw new AppError('validation_failed', 'The assembly cannot be created as given', errors);
      return database.transaction(async (trx) => {
        const a = await createAssembliesRepository(trx).insert({
          kind: input.kind,
          title,
          scheduledAt: new Date(input.scheduledAt).toISOString(),
          durationMinutes: input.durationMinutes ?? 180,
          location: blank(input.location),
          videoUrl: blank(input.videoUrl),
          now: clock.now(),
        });
        await audit(trx, actor.personId, 'assembly.created', a.id, { kind: a.kind, title: a.title, scheduledAt: a.scheduledAt });
        return a;
      });
    },

    async addItem(actor: Actor, id: string, input: { title: string; body?: string | null }): Promise<AgendaItem> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      if (!title) throw new AppError('validation_failed', 'A title is required', [{ path: '/title', code: 'required', message: 'a title is required' }]);
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status === 'closed') throw new AppError('illegal_transition', 'The assembly is over');
        const item = await createAssembliesRepository(trx).addItem(id, title, blank(input.body));
        await audit(trx, actor.personId, 'assembly.item_added', id, { title });
        return item;
      });
    },

    async addDocument(
      actor: Actor,
      id: string,
      input: { title: string; url?: string | null; filename?: string | null; contentType?: string | null; content?: Buffer | null },
    ) {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau prepares the assemblies');
      const title = input.title.trim();
      const url = blank(input.url);
      const errors = [];
      if (!title) errors.push({ path: '/title', code: 'required', message: 'a title is required' });
      if (url && !/^https?:\/\/\S+$/.test(url)) errors.push({ path: '/url', code: 'invalid_url', message: 'an http(s) address' });
      if (!url && !(input.content && input.content.length > 0)) errors.push({ path: '/url', code: 'required', message: 'a link or a file' });
      if (errors.length) throw new AppError('validation_failed', 'The document cannot be added as given', errors);
      return database.transaction(async (trx) => {
        await load(trx, id);
        const doc = await createAssembliesRepository(trx).addDocument({
          assemblyId: id,
          title,
          url,
          filename: url ? null : (blank(input.filename) ?? 'document'),
          contentType: url ? null : (blank(input.contentType) ?? 'application/octet-stream'),
          content: url ? null : (input.content ?? null),
          now: clock.now(),
        });
        await audit(trx, actor.personId, 'assembly.document_added', id, { title });
        return doc;
      });
    },

    async document(actor: Actor, id: string, documentId: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const doc = await createAssembliesRepository(database.db).document(id, documentId);
      if (!doc || !doc.content) throw new AppError('not_found', 'No such document');
      return { filename: doc.filename ?? 'document', contentType: doc.content_type ?? 'application/octet-stream', content: Buffer.from(doc.content) };
    },

    /** Before the convocation: who would be convened now; after: who was (and who joined since). */
    async invitees(actor: Actor, id: string): Promise<Invitee[]> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      if (a.status === 'draft') {
        return (await desiredInvitees(database.db)).map((d) => ({
          ...d,
          rsvp: null,
          rsvpAt: null,
          checkedInAt: null,
          proxyHolderId: null,
          holdsProxiesFor: [],
        }));
      }
      const repo = createAssembliesRepository(database.db);
      const proxies = await repo.proxies(id);
      const all = (await repo.invitees(id)).map((i) => presentInvitee(i, proxies));
      if (canPrepareAssemblies(actor) || canConductAssemblies(actor)) return all;
      // Another invitee sees who is convened and who votes; answers, arrivals and proxies are the bureau's.
      return all.map((i) =>
        i.personId === actor.personId ? i : { ...i, rsvp: null, rsvpAt: null, checkedInAt: null, proxyHolderId: null, holdsProxiesFor: [] },
      );
    },

    /** Sends the convocations: one mail per invitee, with the calendar invitation and a personal link. */
    async convene(actor: Actor, id: string, input: { force?: boolean; reason?: string | null } = {}): Promise<{ convened: number }> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau convenes the assemblies');
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const reason = blank(input.reason);
        refuse(
          checkConvocation({
            status: a.status,
            scheduledAt: a.scheduledAt,
            now: clock.now(),
            noticeDays: config.ASSEMBLY_NOTICE_DAYS,
            force: input.force === true,
            reason,
          }),
        );
        // The reason is recorded only when it was needed: a convocation inside the notice period.
        const forced = input.force === true && !meetsNoticePeriod({ scheduledAt: a.scheduledAt, now: clock.now(), noticeDays: config.ASSEMBLY_NOTICE_DAYS });
        await move(trx, a, 'convene', { convened_at: clock.now(), forced_reason: forced ? reason : null });
        const convened = await conveneNewcomers(trx, { ...a, status: 'convened' });
        await audit(trx, actor.personId, 'assembly.convened', id, { invitees: convened, forcedReason: forced ? reason : null });
        return { convened };
      });
    },

    /** Hourly: newcomers to the audience are convened, and reminders go out before the day. */
    async keepConvocationsCurrent(): Promise<{ convened: number; reminded: number }> {
      let convened = 0;
      let reminded = 0;
      for (const a of await createAssembliesRepository(database.db).upcomingConvened(clock.now())) {
        await database.transaction(async (trx) => {
          convened += await conveneNewcomers(trx, a);
          const days = config.ASSEMBLY_REMINDER_DAYS;
          if (days === 0 || Date.parse(a.scheduledAt) - Date.parse(clock.now()) > days * 86_400_000) return;
          const repo = createAssembliesRepository(trx);
          for (const i of await repo.invitees(a.id)) {
            if (i.remindedAt || i.rsvp === 'no') continue;
            await convocationMail(trx, a, i, 'reminder');
            await repo.updateInvitee(i.id, { reminded_at: clock.now() });
            reminded++;
          }
        });
      }
      return { convened, reminded };
    },

    async rsvpView(token: string): Promise<RsvpView> {
      const { assembly, invitee } = await byToken(token);
      const repo = createAssembliesRepository(database.db);
      const [agenda, invitees, proxies] = await Promise.all([repo.items(assembly.id), repo.invitees(assembly.id), repo.proxies(assembly.id)]);
      return {
        assembly: { ...assembly, agenda },
        invitee: presentInvitee(invitee, proxies),
        proxyCandidates: invitee.canVote
          ? invitees.filter((i) => i.canVote && i.personId !== invitee.personId).map((i) => ({ personId: i.personId, displayName: i.displayName }))
          : [],
        canCheckIn: assembly.status === 'open' && invitee.checkedInAt === null,
      };
    },

    async answer(token: string, rsvp: Rsvp): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await answerAs(assembly.id, invitee.id, rsvp, invitee.personId);
    },

    async answerAsMember(actor: Actor, id: string, rsvp: Rsvp): Promise<void> {
      const me = await inviteeOf(database.db, id, actor.personId);
      if (!me) throw new AppError('not_invited', 'You are not invited to this assembly');
      await answerAs(id, me.id, rsvp, actor.personId);
    },

    async giveProxyByToken(token: string, holderId: string | null): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await giveProxyAs(assembly.id, invitee.personId, holderId, invitee.personId);
    },

    async giveProxy(actor: Actor, id: string, holderId: string | null): Promise<void> {
      if (!actor.personId) throw new AppError('forbidden', 'Sign in first');
      await giveProxyAs(id, actor.personId, holderId, actor.personId);
    },

    async checkInByToken(token: string): Promise<void> {
      const { assembly, invitee } = await byToken(token);
      await checkInAs(assembly.id, invitee.personId, true, invitee.personId);
    },

    async checkIn(actor: Actor, id: string, personId: string, present: boolean): Promise<void> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await checkInAs(id, personId, present, actor.personId);
    },

    async open(actor: Actor, id: string): Promise<AssemblyView> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        await move(trx, a, 'open', { opened_at: clock.now() });
        await audit(trx, actor.personId, 'assembly.opened', id);
      });
      return this.get(actor, id);
    },

    async quorum(actor: Actor, id: string): Promise<Quorum> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const repo = createAssembliesRepository(database.db);
      return quorumOf(await repo.invitees(id), await repo.proxies(id));
    },

    async addResolution(actor: Actor, id: string, input: { title: string; text?: string | null; majority: Majority }) {
      if (!canConductAssemblies(actor) && !canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau proposes the resolutions');
      const title = input.title.trim();
      if (!title) throw new AppError('validation_failed', 'A title is required', [{ path: '/title', code: 'required', message: 'a title is required' }]);
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status === 'closed') throw new AppError('illegal_transition', 'The assembly is over');
        const r = await createAssembliesRepository(trx).addResolution({ assemblyId: id, title, text: blank(input.text), majority: input.majority });
        await audit(trx, actor.personId, 'assembly.resolution_added', id, { resolutionId: r.id, title, majority: input.majority });
        return r;
      });
    },

    async openResolution(actor: Actor, id: string, resolutionId: string) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status !== 'open') throw new AppError('assembly_not_open', 'The assembly is not open');
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (r.status !== 'proposed') throw new AppError('illegal_transition', 'This resolution was already put to the vote');
        if (!(await repo.updateResolution(r.id, r.version, { status: 'open' }))) throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.resolution_opened', id, { resolutionId });
      });
    },

    /** A voter's vote, in the app: for themselves and for each absent member whose proxy they hold. */
    async vote(actor: Actor, id: string, resolutionId: string, choice: VoteChoice): Promise<{ recorded: number }> {
      if (!actor.personId) throw new AppError('forbidden', 'Sign in first');
      const personId = actor.personId;
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        const invitees = await repo.invitees(id);
        const me = invitees.find((i) => i.personId === personId);
        const votes = await repo.votes(resolutionId);
        refuse(
          checkVote({
            resolutionStatus: r.status,
            assemblyStatus: a.status,
            voter: me ? { canVote: me.canVote, present: me.checkedInAt !== null } : null,
            alreadyVoted: votes.some((v) => v.voterId === personId),
            method: r.method,
          }),
        );
        const present = new Set(invitees.filter((i) => i.checkedInAt).map((i) => i.personId));
        const represented = (await repo.proxies(id))
          .filter((p) => p.holderId === personId && !present.has(p.giverId) && !votes.some((v) => v.voterId === p.giverId))
          .map((p) => p.giverId);
        const now = clock.now();
        await repo.castVotes([personId, ...represented].map((voterId) => ({ resolutionId, voterId, castBy: personId, choice, at: now })));
        if (r.method === null && !(await repo.updateResolution(r.id, r.version, { method: 'individual' })))
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, personId, 'assembly.voted', id, { resolutionId, voters: 1 + represented.length });
        return { recorded: 1 + represented.length };
      });
    },

    /** Counts from a show of hands, entered by the bureau. */
    async recordCounts(actor: Actor, id: string, resolutionId: string, counts: { for: number; against: number; abstain: number }) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      await database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (a.status !== 'open') throw new AppError('assembly_not_open', 'The assembly is not open');
        if (r.status !== 'open') throw new AppError('resolution_not_open', 'This resolution is not being voted');
        if (r.method === 'individual') throw new AppError('illegal_transition', 'Votes were cast in the app for this resolution');
        const q = quorumOf(await repo.invitees(id), await repo.proxies(id));
        refuse(checkCounts({ ...counts, voters: q.present + q.represented }));
        if (
          !(await repo.updateResolution(r.id, r.version, {
            method: 'show_of_hands',
            votes_for: counts.for,
            votes_against: counts.against,
            votes_abstain: counts.abstain,
          }))
        )
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.counts_recorded', id, { resolutionId, ...counts });
      });
    },

    async closeResolution(actor: Actor, id: string, resolutionId: string) {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      return database.transaction(async (trx) => {
        const repo = createAssembliesRepository(trx);
        const r = await repo.resolution(id, resolutionId);
        if (!r) throw new AppError('not_found', 'No such resolution');
        if (r.status !== 'open') throw new AppError('resolution_not_open', 'This resolution is not being voted');
        let counts = r.votes ?? { for: 0, against: 0, abstain: 0 };
        if (r.method !== 'show_of_hands') {
          const votes = await repo.votes(resolutionId);
          counts = {
            for: votes.filter((v) => v.choice === 'for').length,
            against: votes.filter((v) => v.choice === 'against').length,
            abstain: votes.filter((v) => v.choice === 'abstain').length,
          };
        }
        const result = tallyResolution({ majority: r.majority, ...counts });
        if (
          !(await repo.updateResolution(r.id, r.version, {
            status: 'closed',
            method: r.method ?? 'individual',
            votes_for: counts.for,
            votes_against: counts.against,
            votes_abstain: counts.abstain,
            result,
            closed_at: clock.now(),
          }))
        )
          throw new AppError('version_conflict', 'Changed meanwhile');
        await audit(trx, actor.personId, 'assembly.resolution_closed', id, { resolutionId, ...counts, result });
        return { ...counts, result };
      });
    },

    /** Closes the assembly and writes its minutes from attendance, resolutions and results. */
    async close(actor: Actor, id: string): Promise<{ status: 'closed'; minutes: string }> {
      if (!canConductAssemblies(actor)) throw new AppError('forbidden', 'The bureau holds the assembly');
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const repo = createAssembliesRepository(trx);
        const resolutions = await repo.resolutions(id);
        if (resolutions.some((r) => r.status === 'open')) throw new AppError('illegal_transition', 'A resolution is still being voted: close it first');
        const [invitees, proxies, agenda] = await Promise.all([repo.invitees(id), repo.proxies(id), repo.items(id)]);
        const names = new Map(invitees.map((i) => [i.personId, i.displayName]));
        const presentIds = new Set(invitees.filter((i) => i.checkedInAt).map((i) => i.personId));
        const minutes = renderAssemblyMinutes({
          association: await associationName(trx),
          assembly: { ...a, status: 'closed', agenda },
          attendance: {
            present: invitees.filter((i) => i.checkedInAt).map((i) => ({ displayName: i.displayName, capacity: i.capacity })),
            represented: proxies
              .filter((p) => !presentIds.has(p.giverId) && presentIds.has(p.holderId))
              .map((p) => ({ giver: names.get(p.giverId) ?? '?', holder: names.get(p.holderId) ?? '?' })),
            absent: invitees.filter((i) => !i.checkedInAt).length,
            voters: invitees.filter((i) => i.canVote).length,
          },
          quorum: quorumOf(invitees, proxies),
          resolutions,
          locale: 'fr',
          timeZone: config.TIMEZONE,
        });
        await move(trx, a, 'close', { closed_at: clock.now(), minutes });
        await audit(trx, actor.personId, 'assembly.closed', id);
        return { status: 'closed' as const, minutes };
      });
    },

    async minutes(actor: Actor, id: string): Promise<string> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const minutes = a.status === 'closed' ? await createAssembliesRepository(database.db).minutesOf(id) : null;
      if (!minutes) throw new AppError('not_found', 'The minutes are written when the assembly closes');
      return minutes;
    },

    /** The attendance sheet (feuille d'émargement), with the proxies. */
    async attendanceSheet(actor: Actor, id: string) {
      if (!canConductAssemblies(actor) && !canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau keeps the attendance sheet');
      const assembly = await load(database.db, id);
      const repo = createAssembliesRepository(database.db);
      const [invitees, proxies] = await Promise.all([repo.invitees(id), repo.proxies(id)]);
      const names = new Map(invitees.map((i) => [i.personId, i.displayName]));
      return {
        assembly,
        rows: invitees.map((i) => ({
          personId: i.personId,
          displayName: i.displayName,
          capacity: i.capacity,
          canVote: i.canVote,
          checkedInAt: i.checkedInAt,
          proxyHolder: names.get(proxies.find((p) => p.giverId === i.personId)?.holderId ?? '') ?? null,
          represents: proxies.filter((p) => p.holderId === i.personId).map((p) => names.get(p.giverId) ?? '?'),
        })),
      };
    },
  };
}

export type AssembliesService = ReturnType<typeof createAssembliesService>;
