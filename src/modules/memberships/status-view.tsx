import type { PageContext } from '../../platform/http/page.js';
import type { Membership } from './repository.js';
import type { OwnMembershipSection } from '../applications/pages.js';
import type { MembershipsService, MembershipView } from './service.js';
import { isCurrentMembership, isEndedMembership, type MembershipEndReason, type MembershipStatus } from './rules.js';

/*
 * How a membership reads on pages: its status in words for the register, and the member's own
 * standing on /membership (its lifecycle: active → lapsing → lapsed, or resigned, or excluded).
 */

/** One membership's status in words; a lapsing one says until when it holds. */
export function statusInWords(ctx: PageContext, m: { status: MembershipStatus; graceUntil: string | null }): string {
  const { t } = ctx.i18n;
  switch (m.status) {
    case 'active':
      return t('memberships.status.active');
    case 'lapsing':
      return m.graceUntil ? t('memberships.status.lapsing', { date: ctx.i18n.date(m.graceUntil) }) : t('memberships.filter.lapsing');
    case 'lapsed':
      return t('memberships.status.lapsed');
    case 'resigned':
      return t('memberships.status.resigned');
    case 'excluded':
      return t('memberships.status.excluded');
  }
}

/** How an ended membership ended, and when, told to the person it was. */
function endedInWords(ctx: PageContext, m: { status: MembershipEndReason; until: string | null; since: string }): string {
  const date = ctx.i18n.date(m.until ?? m.since);
  return ctx.i18n.t(`memberships.own.ended.${m.status}`, { date });
}

function isEnded(m: Membership | MembershipView): m is (Membership | MembershipView) & { status: MembershipEndReason; since: string } {
  return m.status !== 'none' && isEndedMembership(m.status);
}

/**
 * The member's own membership: since when, on hold until when and what keeps it (a declared
 * contribution), or how and when it ended; a current member may resign from here.
 */
export function OwnMembership(props: { ctx: PageContext; membership: MembershipView }) {
  const { ctx, membership: m } = props;
  const { t } = ctx.i18n;
  const current = m.status !== 'none' && isCurrentMembership(m.status);
  // The latest membership is the one told above; the ones before it ended.
  const earlier = m.history.slice(1).filter(isEnded);
  return (
    <>
      {m.status === 'none' ? <p>{t('applications.membership.none')}</p> : null}
      {current ? (
        <p>
          <strong>{t('applications.memberSince', { date: ctx.i18n.date(m.since) })}</strong>
        </p>
      ) : null}
      {m.status === 'lapsing' ? (
        <>
          <p>{m.graceUntil ? t('memberships.own.lapsing', { date: ctx.i18n.date(m.graceUntil) }) : t('applications.membership.lapsing')}</p>
          <p>
            <a href="/contributions/new" role="button">
              {t('memberships.own.declare')}
            </a>
          </p>
        </>
      ) : null}
      {isEnded(m) ? (
        <>
          <p>
            <strong>{endedInWords(ctx, m)}</strong>
          </p>
          <p>{t('memberships.own.span', { since: ctx.i18n.date(m.since), until: ctx.i18n.date(m.until) })}</p>
        </>
      ) : null}
      {current ? (
        <p>
          <a href="/membership/resign">{t('memberships.own.resign')}</a>
        </p>
      ) : null}
      {earlier.length > 0 ? (
        <>
          <h3>{t('memberships.own.earlier')}</h3>
          <ul>
            {earlier.map((e) => (
              <li>
                {t('memberships.own.span', { since: ctx.i18n.date(e.since), until: ctx.i18n.date(e.until) })} — {statusInWords(ctx, e)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/**
 * The member's own membership as a section of their membership page (/membership, which the
 * applications module serves): the composition root hands it over (OwnMembershipSection).
 */
export function ownMembershipSection(services: { memberships: MembershipsService }): OwnMembershipSection {
  return async (ctx, personId) => <OwnMembership ctx={ctx} membership={await services.memberships.of(ctx.actor, personId)} />;
}
