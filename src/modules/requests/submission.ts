import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { AppError } from '../../platform/errors.js';
import { randomToken } from '../../platform/auth/secrets.js';
import { keysOf } from '../../platform/auth/keys.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail } from '../../platform/text.js';
import type { Locale } from '../../platform/i18n/index.js';
import { createPeopleRepository } from '../people/repository.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createRequestsRepository } from './repository.js';
import { isReport, routeRequest, submissionErrors, submissionRetryAt, type CategoryRoute, type SubmissionInput } from './rules.js';
import type { RequestsKit } from './kit.js';
import type { Notifications } from './notifications.js';

export interface Submission extends SubmissionInput {
  /** The honeypot: a field people never see; whatever fills it is a robot. */
  website?: string | null;
  locale?: Locale;
}

export interface Submitted {
  id: string;
  status: 'new';
  category: string;
  teamSlug: string;
  createdAt: string;
}

const blank = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/**
 * Submitting a request (docs/requests.md, "Writing to the association"): no account, an email. Against spam, a honeypot field and
 * limits per client address and per email, counted in the database (request_throttle) so that
 * a restart or a second instance forgets nothing; no third-party captcha. Keys are HMACs under
 * the request-throttle purpose key: the table holds no address and no email.
 */
export function createSubmission(kit: RequestsKit, notifications: Pick<Notifications, 'tellOfNewRequest'>) {
  const { clock, config, categories } = kit;
  const window = config.REQUEST_LIMIT_WINDOW_MINUTES;
  const keyOf = (scope: 'ip' | 'email', value: string) => keysOf(config).mac('requestThrottle', `${scope}:${value}`);

  /** Refuses with 429 too_many_requests and Retry-After (seconds) while either key is over its limit. */
  async function checkLimits(db: Kysely<DB>, keys: { ip: string; email: string }, now: string) {
    const repo = createRequestsRepository(db);
    const since = new Date(Date.parse(now) - window * 60_000).toISOString();
    let retryAt: string | null = null;
    for (const [key, limit] of [
      [keys.ip, config.REQUEST_LIMIT_PER_IP],
      [keys.email, config.REQUEST_LIMIT_PER_EMAIL],
    ] as const) {
      const at = submissionRetryAt(await repo.submissionsSince(key, since), now, { limit, windowMinutes: window });
      if (at && (retryAt === null || at > retryAt)) retryAt = at;
    }
    if (retryAt) {
      const seconds = Math.max(1, Math.ceil((Date.parse(retryAt) - Date.parse(now)) / 1000));
      throw new AppError('too_many_requests', `Too many requests from here; try again in ${Math.ceil(seconds / 60)} min`, [], {
        'retry-after': String(seconds),
      });
    }
  }

  return {
    /** The categories offered, with the team each goes to (null: the team the requester chooses). */
    categories,

    async submit(input: Submission, meta: { ip: string }): Promise<Submitted> {
      const now = clock.now();
      // A filled honeypot is answered like any submission, so the robot learns nothing; nothing is kept.
      const offered = await categories();
      if (blank(input.website)) {
        return { id: newId(), status: 'new', category: input.category, teamSlug: routeOrNothing(offered, input), createdAt: now };
      }
      const teams = await createTeamsRepository(kit.database.db).list();
      const errors = submissionErrors(
        input,
        offered,
        teams.map((t) => t.slug),
      );
      if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      const teamSlug = routeRequest(offered, input.category, input.teamSlug);
      const team = teams.find((t) => t.slug === teamSlug)!;
      const email = input.email.trim();
      const keys = { ip: keyOf('ip', meta.ip), email: keyOf('email', normaliseEmail(email)) };
      return kit.transaction(async (trx) => {
        await checkLimits(trx, keys, now);
        const repo = createRequestsRepository(trx);
        await repo.pruneSubmissions(new Date(Date.parse(now) - window * 60_000).toISOString());
        await repo.countSubmission('ip', keys.ip, now);
        await repo.countSubmission('email', keys.email, now);
        const id = newId();
        const salt = randomToken();
        const concerns = isReport(input.category) ? blank(input.concerns) : null;
        const requester = await createPeopleRepository(trx).findByEmail(normaliseEmail(email));
        await repo.insert({
          id,
          category: input.category,
          team_id: team.id,
          status: 'new',
          requester_email: email,
          requester_email_normalized: normaliseEmail(email),
          requester_name: blank(input.name),
          requester_person_id: requester?.id ?? null,
          locale: input.locale === 'en' ? 'en' : 'fr',
          subject: input.subject.trim(),
          message: input.message.trim(),
          link: blank(input.link),
          concerns,
          reported_person_id: concerns ? await repo.personNamed(concerns) : null,
          assignee_id: null,
          token_hash: kit.tokenHash(kit.followToken(id, salt)),
          token_salt: salt,
          first_response_at: null,
          last_activity_at: now,
          resolved_at: null,
          resolved_by: null,
          closed_at: null,
          closed_by: null,
          join_outcome: null,
          join_reason: null,
          join_person_id: null,
          created_at: now,
          updated_at: now,
          version: 1,
        });
        const r = await kit.load(trx, id);
        // The audit log names no requester (they act through the form, not an account): it is read by
        // administrators, who may be the person a report is about.
        await kit.audit(trx, null, 'request.submitted', id, { category: r.category, team: r.teamSlug });
        await kit.mailRequester(trx, r, 'request_received', 'requests.mail.received');
        await notifications.tellOfNewRequest(trx, r);
        return { id, status: 'new' as const, category: r.category, teamSlug: r.teamSlug, createdAt: now };
      });
    },
  };

  function routeOrNothing(offered: CategoryRoute[], input: Submission): string {
    const route = offered.find((c) => c.name === input.category);
    return route?.teamSlug ?? (input.teamSlug ?? '').trim();
  }
}
