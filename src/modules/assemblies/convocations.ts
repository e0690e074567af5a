import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n/index.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { letterField, type LetterRecipient } from '../../platform/mail/letters.js';
import { keysOf } from '../../platform/auth/keys.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { publicBaseUrl } from '../../platform/config.js';
import { personalCalendars } from '../sessions/ics.js';
import { canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository, type InviteeRow } from './repository.js';
import { meetsNoticePeriod, checkConvocation } from './rules.js';
import { blank, refuse, type AssemblyKit } from './kit.js';
import type { Assembly } from './types.js';
import { convocationAgendaText } from './agenda-text.js';

/** Convening: the convocation mails with their calendar invitation, newcomers and reminders. */
export function createConvocations(ctx: ServiceContext, kit: AssemblyKit) {
  const { database, clock, config } = ctx;
  const { load, audit, move, desiredInvitees, rsvpLink } = kit;
  const assemblyUrl = (id: string) => `${publicBaseUrl(config)}/assemblies/${id}`;

  /** The calendar invitation of this assembly, for each invitee with their own answer link. */
  function invitations(a: Assembly, assoc: string): (inviteeId: string) => string {
    const withLink = personalCalendars({
      calendarName: assoc,
      now: clock.now(),
      event: {
        uid: `${a.id}@equipage`,
        start: a.scheduledAt,
        durationMinutes: a.durationMinutes,
        summary: `${a.title} — ${assoc}`,
        location: a.location ?? a.videoUrl ?? undefined,
        status: 'planned',
      },
    });
    return (inviteeId) => withLink(rsvpLink(inviteeId));
  }

  /**
   * The convocation (or reminder) mail to each of these invitees, with the calendar invitation and
   * the personal link, in each one's language. The letter is written once per language (and once
   * more for voters, whose mail mentions the proxy): only the name, the link and the invitation are
   * each invitee's. Recorded a few hundred mails to a statement (mail repository recordLetters).
   */
  async function mailConvocations(
    db: Kysely<DB>,
    a: Assembly,
    invitees: readonly InviteeRow[],
    kind: 'convocation' | 'reminder',
    assoc: string,
  ): Promise<number> {
    if (invitees.length === 0) return 0;
    const repo = createAssembliesRepository(db);
    const [agenda, resolutions, documents] = await Promise.all([repo.items(a.id), repo.resolutions(a.id), repo.documents(a.id)]);
    const key = kind === 'convocation' ? 'mail.convocation' : 'mail.assemblyReminder';
    const letter = (locale: Locale, version: string) => {
      const video = a.videoUrl ? translate(locale, 'assemblies.mail.video', { url: a.videoUrl }) : null;
      const params = {
        name: letterField('name'),
        association: assoc,
        title: a.title,
        date: formatMeetingDate(a.scheduledAt, locale, config.TIMEZONE),
        place: [a.location, video].filter(Boolean).join(' — ') || '—',
        rsvpLink: secretLinkSlot('rsvp'),
        // The convocation states the whole agenda, the resolutions' texts and the documents' links.
        agenda: convocationAgendaText({ locale, agenda, resolutions, documents, assemblyUrl: assemblyUrl(a.id) }),
        proxy: version === 'voter' ? translate(locale, 'assemblies.mail.proxy', { max: config.ASSEMBLY_MAX_PROXIES }) : '',
      };
      return { subject: translate(locale, `${key}.subject`, params), body: translate(locale, `${key}.body`, params).trimEnd() };
    };
    const invitation = invitations(a, assoc);
    // The personal link and the invitation that repeats it are secrets: delivered, never kept in the log.
    function* recipients(): Generator<LetterRecipient> {
      for (const invitee of invitees)
        yield {
          to: invitee.email,
          personId: invitee.personId,
          locale: invitee.locale,
          version: invitee.canVote ? 'voter' : '',
          fields: { name: invitee.displayName },
          secretLinks: { rsvp: rsvpLink(invitee.id) },
          secretAttachments: [{ filename: 'convocation.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: invitation(invitee.id) }],
        };
    }
    return createMailRepository(db, keysOf(config)).recordLetters({
      kind: kind === 'convocation' ? 'assembly_convocation' : 'assembly_reminder',
      now: clock.now(),
      letter,
      recipients: recipients(),
    });
  }

  /**
   * Adds the people who joined the audience since the convocation, and mails them (hourly, and on
   * convening). The newcomers are inserted together and read back in one query, the association's
   * name read once: what stays per invitee is their mail, queued through the outbox.
   */
  async function conveneNewcomers(trx: Kysely<DB>, a: Assembly): Promise<number> {
    const repo = createAssembliesRepository(trx);
    const existing = new Map((await repo.invitees(a.id)).map((i) => [i.personId, i]));
    const desired = await desiredInvitees(trx);
    const newcomers: Parameters<typeof repo.addInvitees>[0] = [];
    for (const d of desired) {
      const current = existing.get(d.personId);
      if (current) {
        // A contributor who became a member meanwhile votes as one.
        if (current.capacity !== d.capacity || current.canVote !== d.canVote)
          await repo.updateInvitee(current.id, { capacity: d.capacity, can_vote: d.canVote ? 1 : 0 });
        continue;
      }
      newcomers.push({ assemblyId: a.id, personId: d.personId, capacity: d.capacity, canVote: d.canVote, convenedAt: clock.now() });
    }
    if (newcomers.length === 0) return 0;
    const added = new Set(await repo.addInvitees(newcomers));
    const assoc = await associationName(trx);
    await mailConvocations(
      trx,
      a,
      (await repo.invitees(a.id)).filter((row) => added.has(row.id)),
      'convocation',
      assoc,
    );
    return added.size;
  }

  /** Refuses a convocation the bylaws do not allow now (a draft only, with an agenda, with the notice). */
  async function mayConvene(db: Kysely<DB>, a: Assembly, input: { force?: boolean; reason?: string | null }) {
    refuse(
      checkConvocation({
        status: a.status,
        scheduledAt: a.scheduledAt,
        now: clock.now(),
        noticeDays: config.ASSEMBLY_NOTICE_DAYS,
        force: input.force === true,
        reason: blank(input.reason),
        agendaItems: (await createAssembliesRepository(db).items(a.id)).length,
      }),
    );
  }

  return {
    /**
     * What convening would do now, changing nothing: how many convocations would be mailed, to how
     * many voters. Refused as convene() would be, so a confirmation never promises what won't happen.
     */
    async convocationPreview(actor: Actor, id: string, input: { force?: boolean; reason?: string | null } = {}): Promise<{ invitees: number; voters: number }> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau convenes the assemblies');
      const a = await load(database.db, id);
      await mayConvene(database.db, a, input);
      const desired = await desiredInvitees(database.db);
      return { invitees: desired.length, voters: desired.filter((d) => d.canVote).length };
    },

    /** Sends the convocations: one mail per invitee, with the calendar invitation and a personal link. */
    async convene(actor: Actor, id: string, input: { force?: boolean; reason?: string | null } = {}): Promise<{ convened: number }> {
      if (!canPrepareAssemblies(actor)) throw new AppError('forbidden', 'The bureau convenes the assemblies');
      return database.transaction(async (trx) => {
        const a = await load(trx, id);
        const reason = blank(input.reason);
        await mayConvene(trx, a, input);
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
          const assoc = await associationName(trx);
          const due = (await repo.invitees(a.id)).filter((i) => !i.remindedAt && i.rsvp !== 'no');
          await mailConvocations(trx, a, due, 'reminder', assoc);
          await repo.markReminded(
            due.map((i) => i.id),
            clock.now(),
          );
          reminded += due.length;
        });
      }
      return { convened, reminded };
    },
  };
}
