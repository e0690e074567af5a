import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { keysOf } from '../../platform/auth/keys.js';
import { translate, type Locale } from '../../platform/i18n/index.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { createPeopleRepository } from '../people/repository.js';
import { createRequestsRepository, type Consultation, type RequestRecord } from './repository.js';
import { createNotificationsRepository } from './notifications-repository.js';
import { digestDueIfSentBy, digestSince, firstLines, isDigestDue, isReport, nobodyToTell, toldOf } from './rules.js';
import { categoryLabel } from './labels.js';
import type { RequestsKit } from './kit.js';

/**
 * Who is told of a new request (docs/requests.md, "Who is told of a new request"): the people on
 * the team's roster today, each as they chose: a mail at once (`each`), one digest a day (`daily`),
 * or nothing (`off`). A question asked to another team is told to that team's people the same way.
 * The mails are written in the transaction of the request or question (mail log and outbox), so
 * one never exists without the other.
 */
export function createNotifications(kit: RequestsKit) {
  const { database, clock, config, publicUrl } = kit;
  const preferences = `${publicUrl}/profile`;
  const consultationLink = (id: string) => `${publicUrl}/requests/consultations/${id}`;

  /** Who wrote it, as the team's mail says: a report names its author but never quotes their address. */
  function requesterOf(r: RequestRecord, locale: Locale): string {
    if (isReport(r.category)) return r.requesterName ?? translate(locale, 'requests.mail.newRequest.anonymous');
    return r.requesterName ? `${r.requesterName} <${r.requesterEmail}>` : r.requesterEmail;
  }

  /** A new request: a mail to each person of its team who chose one, in their language. */
  async function tellOfNewRequest(db: Kysely<DB>, r: RequestRecord): Promise<void> {
    const roster = await createNotificationsRepository(db).listeners([r.teamId]);
    for (const personId of toldOf(roster, { reportedPersonId: r.reportedPersonId, authorId: r.requesterPersonId }, 'each'))
      await kit.mailPerson(db, personId, r, 'request_new', 'requests.mail.newRequest', (locale) => ({
        team: r.teamName[locale],
        category: categoryLabel(locale, r.category),
        from: requesterOf(r, locale),
        excerpt: firstLines(r.message),
        preferences,
      }));
  }

  /** A question asked to another team: a mail to each person of that team who chose one. */
  async function tellOfQuestion(db: Kysely<DB>, r: RequestRecord, c: Consultation): Promise<void> {
    const roster = await createNotificationsRepository(db).listeners([c.teamId]);
    for (const personId of toldOf(roster, { reportedPersonId: r.reportedPersonId, authorId: c.askedBy }, 'each'))
      await kit.mailPerson(db, personId, r, 'request_question', 'requests.mail.questionAsked', (locale) => ({
        team: c.teamName[locale],
        asking: r.teamName[locale],
        by: c.askedByName ?? '—',
        category: categoryLabel(locale, r.category),
        // What the team asked may know of the request (consultations.ts): not a report's subject.
        about: isReport(r.category) ? translate(locale, 'requests.consultation.hiddenSubject') : r.subject,
        question: firstLines(c.question),
        link: consultationLink(c.id),
        preferences,
      }));
  }

  /** The teams among these whose roster is empty today: what is sent there waits for someone to join. */
  async function teamsWithNobody(teamIds: string[]): Promise<Set<string>> {
    const listeners = await createNotificationsRepository(database.db).listeners(teamIds);
    return new Set(teamIds.filter((id) => nobodyToTell(listeners.filter((l) => l.teamId === id))));
  }

  /**
   * One person's digest, if due and if anything arrived: the requests and questions of their teams
   * since the last one. The conditional claim of request_digests and the mail are one transaction:
   * two instances, or a run after a restart, send it once.
   */
  async function sendDigest(personId: string, teamIds: string[]): Promise<boolean> {
    return kit.transaction(async (trx) => {
      const repo = createRequestsRepository(trx);
      const digests = createNotificationsRepository(trx);
      const now = clock.now();
      const previous = await digests.lastDigestAt(personId);
      if (!isDigestDue(previous, now)) return false;
      const since = digestSince(previous, now);
      const requests = await repo.arrivedFor(personId, teamIds, since, now);
      const questions = await repo.askedFor(personId, teamIds, since, now);
      if (requests.length + questions.length === 0) return false;
      const person = await createPeopleRepository(trx).findById(personId);
      if (!person || !(await digests.claimDigest(personId, previous, now))) return false;
      const locale = person.locale;
      const asking = new Map((await repo.findByIds(questions.map((q) => q.requestId))).map((r) => [r.id, r]));
      const lines = [
        ...requests.map((r) =>
          translate(locale, 'requests.mail.digest.request', {
            team: r.teamName[locale],
            subject: r.subject,
            category: categoryLabel(locale, r.category),
            link: kit.requestLink(r.id),
          }),
        ),
        ...questions.map((q) =>
          translate(locale, 'requests.mail.digest.question', {
            team: q.teamName[locale],
            asking: asking.get(q.requestId)?.teamName[locale] ?? '—',
            link: consultationLink(q.id),
          }),
        ),
      ];
      // A digest that lists a report is a report's mail: administrators' mail log withholds it (kit.ts, mailKind).
      const aboutReport = requests.some((r) => isReport(r.category)) || questions.some((q) => isReport(asking.get(q.requestId)?.category ?? ''));
      const params = { name: person.displayName, count: lines.length, items: lines.join('\n'), inbox: `${publicUrl}/requests`, preferences };
      await createMailRepository(trx, keysOf(config)).record({
        to: person.email,
        personId,
        kind: aboutReport ? 'report_digest' : 'request_digest',
        subject: translate(locale, 'requests.mail.digest.subject', params),
        body: translate(locale, 'requests.mail.digest.body', params),
        locale,
        now,
      });
      return true;
    });
  }

  return {
    tellOfNewRequest,
    tellOfQuestion,
    teamsWithNobody,

    /**
     * Hourly: the daily digest of each person who chose one, at most once a day each (rules.ts,
     * isDigestDue), and only when something arrived. Returns how many went out.
     */
    async sendDigests(): Promise<number> {
      const readers = await createNotificationsRepository(database.db).dailyReaders(digestDueIfSentBy(clock.now()));
      let sent = 0;
      for (const [personId, teamIds] of readers) if (await sendDigest(personId, teamIds)) sent++;
      return sent;
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
