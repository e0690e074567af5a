import { AppError, type FieldError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import { anonymous, type Actor } from '../../platform/auth/actor.js';
import { digestToken, generatePassword, hashPassword, randomToken } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { keysOf } from '../../platform/auth/keys.js';
import { translate, type Locale } from '../../platform/i18n/index.js';
import { addMinutes } from '../../platform/time.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail } from '../../platform/text.js';
import { createPeopleRepository } from '../people/repository.js';
import { newPersonRow, personInputErrors } from '../people/rules.js';
import { createEmailRepository } from '../people/email-repository.js';
import { applyLoginAddress } from '../people/email-change.js';
import { on, type Subscription } from '../../platform/events.js';
import { createTeamsRepository } from '../teams/repository.js';
import { defaultTeams } from '../teams/defaults.js';
import { createAccountsRepository } from './repository.js';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { associationName, createAssociationRepository } from '../../platform/settings/identity.js';
import { checkPasswordStrength, secondFactorRequired } from './rules.js';
import { createAttemptCounter, createLoginThrottle, createResetThrottle, longestThrottleWindow } from './throttle.js';
import { createTwoFactorService } from './two-factor.js';
import { createSignIn } from './sign-in.js';

export interface SetupInput {
  associationName: string;
  displayName: string;
  email: string;
  password: string;
  locale?: Locale;
}

const RESET_VALID_MINUTES = 60;
const SESSION_TOUCH_EVERY_MS = 60_000;

/** Whether the person holds an administrator's account (what people asks before a change of login address). */
export async function isAdministrator(db: Kysely<DB>, personId: string): Promise<boolean> {
  return createAccountsRepository(db).isAdministrator(personId);
}

/** Accounts' part in what people does: a new login address renames the password login and voids unused reset links. */
export function accountsSubscriptions(): Subscription[] {
  return [
    on('person.loginEmailChanged', 'accounts', async ({ personId, emailNormalized }, { trx, now }) => {
      const accounts = createAccountsRepository(trx);
      await accounts.renamePasswordSubject(personId, emailNormalized, now);
      await accounts.expireUnusedResets(personId, now);
    }),
  ];
}

export function createAccountsService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const accounts = createAccountsRepository(database.db);
  const cost = { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST };
  const counter = createAttemptCounter(ctx, longestThrottleWindow(config));
  const throttle = createLoginThrottle(ctx, counter);
  const resetThrottle = createResetThrottle(ctx, counter);
  const twoFactor = createTwoFactorService(ctx, throttle);
  const signIn = createSignIn(ctx, throttle, twoFactor);
  let setupDone = false;

  /** The policy of rules.ts, with what it compares against: the email and the association's name. */
  async function requireStrongPassword(password: string, email: string, association?: string): Promise<void> {
    const refusal = checkPasswordStrength(password, { email, associationName: association ?? (await associationName(database.db)) });
    if (refusal) throw AppError.from(refusal);
  }

  /** Creates the person if the email is new, then grants administration and sets the password. */
  async function grantAdministrator(
    input: { displayName: string; email: string; password: string; locale?: Locale; associationName?: string },
    actorId: string | null,
    extra?: (trx: Transaction<DB>, personId: string) => Promise<void>,
    verifiedBy: 'setup' | 'cli' = 'setup',
  ): Promise<string> {
    const errors = personInputErrors({ displayName: input.displayName, email: input.email }, false);
    if (errors.length) throw new AppError('validation_failed', errors.map((e) => e.message).join('; '), errors);
    await requireStrongPassword(input.password, input.email, input.associationName);
    const secret = await hashPassword(input.password, cost);
    const now = clock.now();
    return database.transaction(async (trx) => {
      const people = createPeopleRepository(trx);
      const repo = createAccountsRepository(trx);
      const audit = createAuditRepository(trx, database.dialect);
      let person = await people.findByEmail(normaliseEmail(input.email));
      if (!person) {
        const row = newPersonRow(newId(), { ...input, locale: input.locale ?? 'fr' }, now);
        await people.insert(row);
        await audit.append({
          actorId,
          action: 'person.created',
          subjectType: 'person',
          subjectId: row.id,
          after: { displayName: row.display_name, email: row.email },
          at: now,
        });
        person = (await people.findById(row.id))!;
      }
      await repo.upsertPasswordIdentity(person.id, normaliseEmail(person.email), secret, now);
      // Whoever installs the server, or runs its command line, vouches for the address they type.
      await createEmailRepository(trx).holdVerified(person.id, normaliseEmail(person.email), verifiedBy, now);
      if (!(await repo.isAdministrator(person.id))) {
        await repo.addAdministrator(person.id, now, actorId);
        await audit.append({ actorId: actorId ?? person.id, action: 'administrator.granted', subjectType: 'person', subjectId: person.id, at: now });
      }
      if (extra) await extra(trx, person.id);
      return person.id;
    });
  }

  /** What setup creates besides the administrator: the association's name and the bylaws' two teams. */
  async function seedAssociation(trx: Transaction<DB>, personId: string, name: string, locale: Locale): Promise<void> {
    const now = clock.now();
    await createAssociationRepository(trx).save({ name, description: '', defaultLocale: locale }, now);
    const teams = createTeamsRepository(trx);
    const audit = createAuditRepository(trx, database.dialect);
    for (const t of defaultTeams) {
      if (await teams.findBySlug(t.slug)) continue;
      const id = newId();
      await teams.insert({
        id,
        slug: t.slug,
        name_fr: t.name.fr,
        name_en: t.name.en,
        mission_fr: t.mission.fr,
        mission_en: t.mission.en,
        responsibilities_fr: t.responsibilities.fr,
        responsibilities_en: t.responsibilities.en,
        position: t.position,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await audit.append({ actorId: personId, action: 'team.created', subjectType: 'team', subjectId: id, after: { slug: t.slug }, at: now });
    }
    await audit.append({ actorId: personId, action: 'association.setup', subjectType: 'association', subjectId: 'main', after: { name }, at: now });
  }

  return {
    async isSetupDone(): Promise<boolean> {
      if (setupDone) return true;
      setupDone = (await accounts.countAdministrators()) > 0;
      return setupDone;
    },

    /** First run: names the association, seeds the bylaws' two teams and creates the first administrator. */
    async setup(input: SetupInput): Promise<string> {
      if (await this.isSetupDone()) throw new AppError('setup_already_done', 'An administrator already exists');
      const name = input.associationName.trim();
      if (!name || name.length > 120) {
        throw new AppError('validation_failed', 'association name is required', [
          { path: '/associationName', code: 'required', message: 'the association needs a name' },
        ]);
      }
      const personId = await grantAdministrator({ ...input, associationName: name }, null, async (trx, personId) => {
        if ((await createAccountsRepository(trx).countAdministrators()) > 1) throw new AppError('setup_already_done', 'An administrator already exists');
        await seedAssociation(trx, personId, name, input.locale ?? 'fr');
      });
      setupDone = true;
      return personId;
    },

    /**
     * The server's command line (`equipage admin set-email`): the recovery path when a login address
     * is lost, for administrators above all, whose account nobody else may change. The operator
     * vouches for the address; the person's sessions end, since whoever held the account may still be in it.
     */
    async setLoginEmailByOperator(oldEmail: string, newEmail: string): Promise<{ personId: string; sessionsEnded: number }> {
      const errors: FieldError[] = personInputErrors({ email: newEmail }, true).map((e) => ({ ...e, path: '/new-email' }));
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      const now = clock.now();
      return database.transaction(async (trx) => {
        const person = await createPeopleRepository(trx).findByEmail(normaliseEmail(oldEmail));
        if (!person) throw new AppError('not_found', `No person with email ${oldEmail}`);
        await createEmailRepository(trx).endAllOf(person.id, 'cancelled', now);
        await applyLoginAddress(ctx, trx, person, newEmail.trim(), 'cli', null, now);
        const sessionsEnded = await createAccountsRepository(trx).revokeAllSessions(person.id, now);
        return { personId: person.id, sessionsEnded };
      });
    },

    /**
     * `equipage admin create`: setup's administrator, from a shell. The first one also sets the
     * association up (name, the two teams), exactly as the setup page does.
     */
    async createAdministrator(input: {
      displayName: string;
      email: string;
      password?: string;
      associationName?: string;
    }): Promise<{ personId: string; generatedPassword: string | null }> {
      const generatedPassword = input.password ? null : generatePassword();
      const firstRun = !(await this.isSetupDone());
      const association = firstRun ? input.associationName?.trim() || 'Équipage' : undefined;
      const personId = await grantAdministrator(
        { ...input, password: input.password ?? generatedPassword!, associationName: association },
        null,
        async (trx, personId) => {
          if (firstRun && (await createAssociationRepository(trx).association()) === undefined) {
            await seedAssociation(trx, personId, association!, 'fr');
          }
        },
        'cli',
      );
      setupDone = true;
      return { personId, generatedPassword };
    },

    ...signIn,
    twoFactor,

    /** The actor behind a request: a Bearer token first, else the session cookie, else anonymous. */
    async resolveActor(credentials: { bearer?: string; sessionToken?: string }): Promise<Actor> {
      const now = clock.now();
      let personId: string | null = null;
      let via: Actor['via'] = null;
      let sessionId: string | null = null;
      if (credentials.bearer) {
        const token = await accounts.liveToken(digestToken(credentials.bearer));
        if (!token) return anonymous;
        personId = token.person_id;
        via = 'token';
        if (!token.last_used_at || Date.parse(now) - Date.parse(token.last_used_at) > SESSION_TOUCH_EVERY_MS) await accounts.touchToken(token.id, now);
      } else if (credentials.sessionToken) {
        const session = await accounts.liveSession(digestToken(credentials.sessionToken), now);
        if (!session) return anonymous;
        personId = session.person_id;
        via = 'session';
        sessionId = session.id;
        if (Date.parse(now) - Date.parse(session.last_seen_at) > SESSION_TOUCH_EVERY_MS) await accounts.touchSession(session.id, now);
      } else return anonymous;
      const facts = await accounts.actorFacts(personId, clock.today());
      if (!facts) return anonymous;
      const { displayName, locale, hasSecondFactor, ...roles } = facts;
      const secondFactorMissing = !hasSecondFactor && secondFactorRequired(config.TOTP_REQUIRED_FOR, roles);
      return { personId, displayName, locale: locale as Actor['locale'], ...roles, via, sessionId, secondFactorMissing };
    },

    /**
     * Always answers the same way; mails a link only when the email belongs to someone. Limited
     * per address typed and per client (429 too_many_requests), the same for known and unknown
     * addresses. `ip` is absent only for the server's own callers (CLI, tests), which are not limited.
     */
    async requestPasswordReset(email: string, baseUrl: string, ip?: string): Promise<void> {
      if (ip !== undefined) await resetThrottle.attempt(email, ip);
      const person = await createPeopleRepository(database.db).findByEmail(normaliseEmail(email));
      if (!person) return;
      const token = randomToken();
      const now = clock.now();
      const link = `${baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
      await database.transaction(async (trx) => {
        await createAccountsRepository(trx).createReset({
          id: newId(),
          personId: person.id,
          hash: digestToken(token),
          now,
          expiresAt: addMinutes(now, RESET_VALID_MINUTES),
        });
        await createMailRepository(trx, keysOf(config)).record({
          to: person.email,
          personId: person.id,
          kind: 'password_reset',
          subject: translate(person.locale, 'accounts.reset.mail.subject'),
          body: translate(person.locale, 'accounts.reset.mail.body', { name: person.displayName, link: secretLinkSlot('link'), minutes: RESET_VALID_MINUTES }),
          secretLinks: { link },
          now,
        });
        await createAuditRepository(trx, database.dialect).append({
          actorId: null,
          action: 'password.reset_requested',
          subjectType: 'person',
          subjectId: person.id,
          at: now,
        });
      });
    },

    /** Sets a new password from a mailed link; every open session of that person ends. */
    async resetPassword(token: string, password: string): Promise<string> {
      const now = clock.now();
      const reset = await accounts.liveReset(digestToken(token), now);
      if (!reset) throw new AppError('invalid_reset_token', 'This reset link is invalid or has expired');
      const person = await createPeopleRepository(database.db).findById(reset.person_id);
      await requireStrongPassword(password, person?.email ?? '');
      const secret = await hashPassword(password, cost);
      await database.transaction(async (trx) => {
        const repo = createAccountsRepository(trx);
        if (!(await repo.useReset(reset.id, now))) throw new AppError('invalid_reset_token', 'This reset link was already used');
        await repo.upsertPasswordIdentity(reset.person_id, normaliseEmail(person!.email), secret, now);
        await repo.revokeAllSessions(reset.person_id, now);
        // The link reached the person at this address: from now on it counts as theirs, verified.
        await createEmailRepository(trx).holdVerified(reset.person_id, normaliseEmail(person!.email), 'password_reset', now);
        await createAuditRepository(trx, database.dialect).append({
          actorId: reset.person_id,
          action: 'password.reset',
          subjectType: 'person',
          subjectId: reset.person_id,
          at: now,
        });
      });
      return reset.person_id;
    },

    /** A new API token, shown once: only its digest is kept. */
    async createToken(personId: string, label: string): Promise<{ id: string; token: string }> {
      const token = randomToken('eqp_');
      const id = newId();
      const now = clock.now();
      const cleanLabel = label.trim();
      if (!cleanLabel || cleanLabel.length > 80) {
        throw new AppError('validation_failed', 'a token needs a label of at most 80 characters', [
          { path: '/label', code: cleanLabel ? 'too_long' : 'required', message: 'a label of 1 to 80 characters' },
        ]);
      }
      await database.transaction(async (trx) => {
        await createAccountsRepository(trx).createToken({ id, personId, label: cleanLabel, hash: digestToken(token), prefix: token.slice(0, 8), now });
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'token.created',
          subjectType: 'person',
          subjectId: personId,
          after: { tokenId: id, label: cleanLabel },
          at: now,
        });
      });
      return { id, token };
    },

    async createTokenForEmail(email: string, label: string): Promise<{ id: string; token: string }> {
      const person = await createPeopleRepository(database.db).findByEmail(normaliseEmail(email));
      if (!person) throw new AppError('not_found', `No person with email ${email}`);
      return this.createToken(person.id, label);
    },

    listTokens: (personId: string) => accounts.tokensOf(personId),

    async revokeToken(personId: string, tokenId: string): Promise<void> {
      const now = clock.now();
      await database.transaction(async (trx) => {
        if (!(await createAccountsRepository(trx).revokeToken(personId, tokenId, now))) throw new AppError('not_found', 'No such live token');
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'token.revoked',
          subjectType: 'person',
          subjectId: personId,
          after: { tokenId },
          at: now,
        });
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
