import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { keysOf } from '../../platform/auth/keys.js';
import { createBureauRepository } from '../bureau/repository.js';
import { createAssociationRepository as createSiteRepository } from '../../platform/settings/identity.js';
import { createSessionsRepository } from './repository.js';
import { renderMinutes, type MinutesAudience } from './minutes.js';
import { renderCalendar } from './ics.js';
import { canPlanSessions } from './policy.js';
import { findSessionView, type SessionView } from './service.js';

/**
 * What sessions produce for people to read: the minutes (Markdown, in the association's
 * language) and the bureau's calendar feed.
 */
export function createSessionDocuments(ctx: ServiceContext) {
  const { database, clock, config } = ctx;

  /**
   * A calendar key: the person's id and a MAC of it under the calendar-feeds purpose key, so that
   * a feed address can be neither guessed nor made from any other token the server hands out.
   * Keys made before purpose keys (a MAC under the master secret) no longer match: the bureau
   * member copies the new address from the sessions page (docs/security.md, "Links sent by mail").
   */
  function calendarKeyFor(personId: string): string {
    return `${personId}.${keysOf(config).mac('calendarFeeds', personId).slice(0, 32)}`;
  }

  function personOfKey(key: string): string | null {
    const [personId, mac] = key.split('.');
    if (!personId || !mac || personId.length > 64) return null;
    const expected = Buffer.from(calendarKeyFor(personId));
    const given = Buffer.from(key);
    return expected.length === given.length && timingSafeEqual(expected, given) ? personId : null;
  }

  return {
    calendarKeyFor,

    /**
     * The minutes of a session. The bureau reads them at any time (a draft until closed); members
     * read those of closed sessions, where an application shows only the name and the outcome.
     */
    async minutes(actor: Actor, id: string): Promise<{ markdown: string; audience: MinutesAudience; session: SessionView; locale: 'fr' | 'en' }> {
      const session = await findSessionView(database.db, id);
      const audience: MinutesAudience = canPlanSessions(actor) ? 'bureau' : 'members';
      if (!session || (audience === 'members' && session.status !== 'closed')) throw new AppError('not_found', `No minutes for session ${id}`);
      const association = await createSiteRepository(database.db).association();
      const locale = association?.defaultLocale ?? 'fr';
      const carriedTo: Record<string, string> = {};
      for (const item of session.agenda) {
        if (item.carriedTo && !(item.carriedTo in carriedTo)) {
          const target = await createSessionsRepository(database.db).findById(item.carriedTo);
          if (target) carriedTo[item.carriedTo] = target.scheduledAt;
        }
      }
      const markdown = renderMinutes({ associationName: association?.name ?? 'Équipage', locale, timeZone: config.TIMEZONE, session, carriedTo }, audience);
      return { markdown, audience, session, locale };
    },

    /** The bureau's sessions as iCalendar, for a current bureau member's key (else: not found). */
    async calendarFeed(key: string, publicUrl: string): Promise<string> {
      const personId = personOfKey(key);
      const bureau = await createBureauRepository(database.db).current(clock.today());
      if (!personId || !bureau.some((o) => o.personId === personId))
        throw new AppError('not_found', 'No such calendar: addresses made before December 2026 were replaced; copy the new one from the bureau sessions page');
      const association = await createSiteRepository(database.db).association();
      const name = association?.name ?? 'Équipage';
      const locale = association?.defaultLocale ?? 'fr';
      const sessions = await createSessionsRepository(database.db).list({
        from: new Date(Date.parse(clock.now()) - 90 * 86_400_000).toISOString(),
        limit: 200,
      });
      const host = new URL(publicUrl).host;
      return renderCalendar({
        calendarName: locale === 'fr' ? `${name} — séances du bureau` : `${name} — bureau sessions`,
        now: clock.now(),
        events: sessions.map((s) => ({
          uid: `${s.id}@${host}`,
          start: s.scheduledAt,
          durationMinutes: s.durationMinutes,
          summary: locale === 'fr' ? `Séance du bureau — ${name}` : `Bureau session — ${name}`,
          location: s.location ?? s.videoUrl ?? undefined,
          description: s.videoUrl ?? undefined,
          url: `${publicUrl.replace(/\/$/, '')}/bureau/sessions/${s.id}`,
          status: s.status,
        })),
      });
    },
  };
}

export type SessionDocuments = ReturnType<typeof createSessionDocuments>;
