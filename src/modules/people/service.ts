import { AppError, type FieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { PeopleQuestions } from './ports.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { silentBus } from '../../platform/events.js';
import { createAuditRepository, type AuditEntry } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail, searchKey } from '../../platform/text.js';
import { createPeopleRepository, type ActivityCondition, type Person, type PersonRow } from './repository.js';
import { activitySettings } from '../../platform/config.js';
import { addDays } from '../../platform/time.js';
import { newPersonRow, optionalText, personInputErrors, personSearchKey, type ActivityFilter, type PersonInput } from './rules.js';
import { IMPORT_CHUNK, importPeople, type ImportSummary, type PeopleImported } from './import.js';
import { importInTransaction, type CsvInput } from '../../platform/csv.js';
import { canReadPerson, canSeeContactDetails, canSeeHistory, canUpdatePerson, seesEveryonesContactDetails } from './policy.js';
import { createEmailChanges, type EmailStatus } from './email-change.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    /** A person's Matrix ID or XMPP address changed: the rooms they are in must invite the new one. */
    'person.chatHandlesChanged': { personId: string };
    /** People were imported; those the file put on teams join their rosters as members from `since`. */
    'people.imported': PeopleImported;
  }
}

export interface PersonView extends Omit<Person, 'email' | 'matrixId' | 'xmppJid' | 'requestNotifications'>, Partial<EmailStatus> {
  email?: string;
  matrixId?: string | null;
  xmppJid?: string | null;
  requestNotifications?: Person['requestNotifications'];
}

export type { ImportSummary, PeopleImported } from './import.js';

/** Shows contact details (the pending change of address with them) only to those allowed to see them, and the choice of request notifications only to those who may change it. */
export function presentPerson(person: Person & Partial<EmailStatus>, actor: Actor): PersonView {
  // How a person is told of new requests is theirs to choose: shown to whoever may change it.
  const { requestNotifications, ...shown } = person;
  const view: PersonView = canUpdatePerson(actor, person.id) ? { ...shown, requestNotifications } : shown;
  if (canSeeContactDetails(actor, person.id)) return view;
  const { email: _e, matrixId: _m, xmppJid: _x, emailVerified: _v, pendingEmail: _p, pendingEmailExpiresAt: _x2, ...rest } = view;
  return rest;
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** Pickers search from the third character typed: fewer match too many people to help. */
export const PICKER_MIN_CHARACTERS = 3;

export function createPeopleService(ctx: ServiceContext, questions: PeopleQuestions) {
  const { database, clock } = ctx;
  const people = createPeopleRepository(database.db);
  const emailChanges = createEmailChanges(ctx, questions);

  const { policy } = activitySettings(ctx.config);
  function activityCondition(active: boolean): ActivityCondition {
    const today = clock.today();
    return {
      active,
      today,
      windowStart: addDays(today, -policy.windowDays),
      statuses: policy.countDeclared ? ['confirmed', 'declared'] : ['confirmed'],
      kinds: policy.kinds,
      minContributions: policy.minContributions,
      teamRoleCounts: policy.teamRoleCounts,
    };
  }

  async function load(id: string): Promise<Person> {
    const person = await people.findById(id);
    if (!person) throw new AppError('not_found', `No person ${id}`);
    return person;
  }

  return {
    async create(actor: Actor, input: PersonInput): Promise<Person> {
      const errors = personInputErrors(input, false);
      if (errors.length) throw invalid(errors);
      const now = clock.now();
      const row = newPersonRow(newId(), input as PersonInput & { displayName: string; email: string }, now);
      return database.transaction(async (trx) => {
        const repo = createPeopleRepository(trx);
        if (await repo.findByEmail(row.email_normalized)) {
          throw new AppError('email_taken', `${row.email} is already used`, [
            { path: '/email', code: 'email_taken', message: 'already used by another person' },
          ]);
        }
        await repo.insert(row);
        const person = (await repo.findById(row.id))!;
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'person.created',
          subjectType: 'person',
          subjectId: row.id,
          after: person,
          at: now,
        });
        return person;
      });
    },

    async get(actor: Actor, id: string): Promise<Person> {
      const person = await load(id);
      // A person one may not read is simply not found.
      if (!canReadPerson(actor, id)) throw new AppError('not_found', `No person ${id}`);
      return person;
    },

    /**
     * Edits a person. A different email is never written here: it becomes a proposal that takes
     * effect once confirmed from the new address (email-change.ts); the answer still carries the
     * current address.
     */
    async update(actor: Actor, id: string, input: PersonInput, expectedVersion?: number): Promise<Person> {
      const current = await this.get(actor, id);
      if (!canUpdatePerson(actor, id)) throw new AppError('forbidden', 'You may not edit this person');
      const errors = personInputErrors(input, true);
      if (errors.length) throw invalid(errors);
      const version = expectedVersion ?? current.version;
      const now = clock.now();
      const proposedEmail = input.email !== undefined && normaliseEmail(input.email) !== normaliseEmail(current.email) ? input.email.trim() : undefined;
      const changes: Partial<PersonRow> = { updated_at: now };
      if (input.displayName !== undefined) changes.display_name = input.displayName.trim();
      if (input.locale !== undefined) changes.locale = input.locale;
      if (input.pseudonym !== undefined) changes.pseudonym = optionalText(input.pseudonym) ?? null;
      if (input.pronouns !== undefined) changes.pronouns = optionalText(input.pronouns) ?? null;
      if (input.matrixId !== undefined) changes.matrix_id = optionalText(input.matrixId) ?? null;
      if (input.xmppJid !== undefined) changes.xmpp_jid = optionalText(input.xmppJid) ?? null;
      if (input.publicConsent !== undefined) changes.public_consent = input.publicConsent ? 1 : 0;
      if (input.requestNotifications !== undefined) changes.request_notifications = input.requestNotifications;
      // Only a new address was asked for: the record itself does not change.
      const onlyEmail = proposedEmail !== undefined && Object.entries(input).every(([key, value]) => key === 'email' || value === undefined);
      const displayName = changes.display_name ?? current.displayName;
      const pseudonym = changes.pseudonym !== undefined ? changes.pseudonym : current.pseudonym;
      changes.search_key = personSearchKey(displayName, pseudonym);
      changes.sort_key = searchKey(displayName);
      return database.transaction(async (trx) => {
        const repo = createPeopleRepository(trx);
        if (proposedEmail !== undefined) await emailChanges.propose(trx, actor, current, proposedEmail, now);
        if (onlyEmail) return current;
        if (!(await repo.update(id, version, changes))) {
          throw new AppError('version_conflict', 'This person was changed by someone else; reload and try again');
        }
        const updated = (await repo.findById(id))!;
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const key of Object.keys(updated) as (keyof Person)[]) {
          if (['updatedAt', 'version'].includes(key)) continue;
          if (JSON.stringify(current[key]) !== JSON.stringify(updated[key])) {
            before[key] = current[key];
            after[key] = updated[key];
          }
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'person.updated',
          subjectType: 'person',
          subjectId: id,
          before,
          after,
          at: now,
        });
        // A new chat handle: the rooms invite it (the former one shows as extra until reconciled).
        if ('matrixId' in after || 'xmppJid' in after) await (ctx.events ?? silentBus).publish('person.chatHandlesChanged', { personId: id }, { trx, now });
        return updated;
      });
    },

    /** Whether the login address is verified, and the change waiting for confirmation, if any. */
    emailStatus: (person: Pick<Person, 'id' | 'email'>) => emailChanges.statusOf(person),

    /** The person, or staff who may propose for them, withdraws the pending change of address. */
    async cancelEmailChange(actor: Actor, id: string): Promise<Person> {
      const person = await this.get(actor, id);
      await emailChanges.cancelFor(actor, person);
      return person;
    },

    emailChanges,

    async directory(actor: Actor, query: { q?: string; team?: string; status?: ActivityFilter; members?: boolean; cursor?: string; limit?: number }) {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
      // Who is a member is the register's to tell: filtering by it would tell it to anyone else.
      if (query.members && !questions.readsRegister(actor)) throw new AppError('forbidden', 'Only readers of the register may search among members');
      const { people: found, sortKeys } = await people.directory({
        q: query.q ? searchKey(query.q) : undefined,
        // Emails are searched only by those who see everyone's: a contributor's search must not
        // reveal who has which address by what it matches.
        email: query.q && seesEveryonesContactDetails(actor) ? normaliseEmail(query.q) : undefined,
        teamSlug: query.team,
        only: query.members ? questions.isCurrentMember : undefined,
        activity: query.status ? activityCondition(query.status === 'active') : undefined,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = found.slice(0, limit);
      const nextCursor = found.length > limit ? encodeCursor(sortKeys[limit - 1], page[limit - 1].id) : null;
      return { items: page.map((p) => presentPerson(p, actor)), nextCursor };
    },

    /**
     * The person a picker names (roster, bureau offices, an agenda item about a member): the one
     * chosen among the matches (`personId`), else the one whose email or name was typed (`person`,
     * or `email` as the forms sent before the picker). Several names match: refused with
     * `ambiguous_person`, and the form offers the matches; none: `no_person_named`, and the form
     * offers to create the person. With `members`, names are searched among today's members only
     * (none: `no_member_named`; whom an id or an email names is the caller's to check).
     */
    async pick(
      actor: Actor,
      input: { personId?: string; person?: string; email?: string },
      field = 'person',
      options: { members?: boolean } = {},
    ): Promise<string> {
      if (input.personId) {
        if (!(await people.findById(input.personId)))
          throw new AppError('validation_failed', 'No such person', [{ path: `/${field}`, code: 'unknown_person', message: 'no such person' }]);
        return input.personId;
      }
      const typed = (input.person ?? input.email ?? '').trim();
      if (typed.includes('@')) return this.idForEmail(typed, field);
      const found = typed.length >= PICKER_MIN_CHARACTERS ? (await this.directory(actor, { q: typed, members: options.members, limit: 2 })).items : [];
      if (found.length === 1) return found[0].id;
      const none = options.members
        ? { path: `/${field}`, code: 'no_member_named', message: 'no member has this name' }
        : { path: `/${field}`, code: 'no_person_named', message: 'nobody has this name' };
      throw new AppError('validation_failed', found.length ? `Several people match ${typed}` : `No person matches ${typed}`, [
        found.length ? { path: `/${field}`, code: 'ambiguous_person', message: 'several people match: choose one' } : none,
      ]);
    },

    /** For forms that name a person by email (roster, bureau): refused like an unknown id. */
    async idForEmail(email: string, field: string): Promise<string> {
      const person = await people.findByEmail(normaliseEmail(email));
      if (!person)
        throw new AppError('validation_failed', `No person with email ${email}`, [
          { path: `/${field}`, code: 'unknown_person', message: 'no person has this email address' },
        ]);
      return person.id;
    },

    async history(actor: Actor, id: string): Promise<AuditEntry[]> {
      await this.get(actor, id);
      if (!canSeeHistory(actor, id)) return [];
      return createAuditRepository(database.db, database.dialect).aboutPerson(id, 100);
    },

    /** Whether an import may invite its newcomers: their invitations are mailed, so an SMTP server must be configured. */
    invitationsMailed: questions.invitations.mailConfigured,

    /**
     * Imports people from CSV, idempotent by email: people already known are skipped, lines in
     * error are reported with their number and nothing of theirs is written. Valid lines are
     * written together in one transaction, or not at all with `dryRun`. The file is read as it
     * arrives and written a chunk at a time inside that transaction (docs/import.md): memory holds
     * a chunk, never the file. `chunkSize` is for tests.
     */
    async importCsv(actor: Actor, input: CsvInput, options: { dryRun?: boolean; invite?: boolean; chunkSize?: number } = {}): Promise<ImportSummary> {
      // Refused before the file is read, so nothing is imported: without a mail server the
      // invitations would be links to hand out by hand, a list of secrets.
      if (options.invite && !questions.invitations.mailConfigured) {
        throw new AppError(
          'mail_not_configured',
          'No SMTP server is configured: an import cannot send invitations. Import without them, and invite people one by one from their page.',
        );
      }
      const dryRun = options.dryRun === true;
      return importInTransaction<ImportSummary>(database, async (trx, discard) => {
        const summary = await importPeople(ctx, questions, trx, actor, input, {
          dryRun,
          invite: options.invite === true,
          chunkSize: options.chunkSize ?? IMPORT_CHUNK,
        });
        // A dry run goes through everything but the writes, then leaves nothing, its table of lines included.
        return dryRun ? discard(summary) : summary;
      });
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
