import type { Locale } from '../../platform/i18n/catalogue.js';
import { translate, type MessageKey, type Params } from '../../platform/i18n/index.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import type { SessionView } from './service.js';

export type MinutesAudience = 'bureau' | 'members';

export interface MinutesInput {
  associationName: string;
  locale: Locale;
  timeZone: string;
  session: SessionView;
  /** When the sessions that items were carried over to take place, by id. */
  carriedTo: Record<string, string>;
}

/**
 * The minutes of a session, in Markdown, written from its attendance and decisions.
 * The bureau reads everything; members read, for each application, lapse review or item about a
 * member, only the name and the outcome.
 */
export function renderMinutes(input: MinutesInput, audience: MinutesAudience): string {
  const { session, locale, timeZone } = input;
  const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
  const when = (instant: string) => formatMeetingDate(instant, locale, timeZone);
  const lines: string[] = [];
  lines.push(`# ${t('minutes.title', { date: formatMeetingDate(session.scheduledAt, locale, timeZone, false) })}`, '', `**${input.associationName}**`, '');
  lines.push(`- ${label(t('minutes.date'), locale)} ${when(session.scheduledAt)} (${timeZone})`);
  if (session.plannedAt) lines.push(`- ${t('minutes.broughtForward', { date: when(session.plannedAt) })}`);
  if (session.location) lines.push(`- ${label(t('minutes.location'), locale)} ${session.location}`);
  if (session.videoUrl && audience === 'bureau') lines.push(`- ${label(t('minutes.video'), locale)} ${session.videoUrl}`);
  if (session.openedAt) lines.push(`- ${label(t('minutes.opened'), locale)} ${when(session.openedAt)}`);
  if (session.closedAt) lines.push(`- ${label(t('minutes.closed'), locale)} ${when(session.closedAt)}`);
  if (session.status !== 'closed') lines.push('', `> ${t('minutes.draft')}`);
  else if (!session.minutesApprovedAt) lines.push('', `> ${t('minutes.unapproved')}`);

  lines.push('', `## ${t('minutes.attendance')}`, '');
  const present = session.attendance.filter((a) => a.present);
  const absent = session.attendance.filter((a) => !a.present);
  const seat = (a: { displayName: string; office: string }) => `${a.displayName} (${t(`bureau.office.${a.office}` as MessageKey)})`;
  lines.push(`- ${label(t('minutes.present', { count: present.length }), locale)} ${present.map(seat).join(', ') || '—'}`);
  lines.push(`- ${label(t('minutes.absent', { count: absent.length }), locale)} ${absent.map(seat).join(', ') || '—'}`);
  if (session.quorum) {
    const q = session.quorum;
    lines.push(
      `- ${label(t('minutes.quorum'), locale)} ${t(q.reached ? 'minutes.quorum.reached' : 'minutes.quorum.missed', { present: q.present, required: q.required })}`,
    );
  }
  // Who answers for the minutes; both were present (checkMinutesChange).
  const nameOf = (id: string | null) => session.attendance.find((a) => a.personId === id)?.displayName;
  const chair = nameOf(session.chairId);
  const secretary = nameOf(session.secretaryId);
  if (chair) lines.push(`- ${label(t('minutes.chair'), locale)} ${escapeMarkdown(chair)}`);
  if (secretary) lines.push(`- ${label(t('minutes.secretary'), locale)} ${escapeMarkdown(secretary)}`);

  lines.push('', `## ${t('minutes.items')}`, '');
  if (session.agenda.length === 0) lines.push(t('minutes.noItems'));
  session.agenda.forEach((item, index) => {
    const n = index + 1;
    const decision = session.decisions.find((d) => d.agendaItemId === item.id);
    const decided = () => {
      lines.push(`- ${label(t('minutes.decision'), locale)} **${t(`minutes.outcome.${decision!.outcome}`)}**`);
      // Members read who and what was decided; the bureau also reads how and why.
      if (audience !== 'bureau') return;
      if (item.kind === 'application' && item.rapporteurName) lines.push(`- ${label(t('minutes.rapporteur'), locale)} ${escapeMarkdown(item.rapporteurName)}`);
      if (decision!.votes) {
        const { for: yes, against, abstain } = decision!.votes;
        lines.push(`- ${label(t('minutes.votes'), locale)} ${t('minutes.votes.count', { for: yes, against, abstain })}`);
      }
      if (decision!.rationale) lines.push(`- ${label(t('minutes.rationale'), locale)} ${escapeMarkdown(decision!.rationale)}`);
    };
    if (item.kind === 'free') {
      lines.push(`### ${n}. ${escapeMarkdown(item.title ?? '')}`, '');
      if (!item.personId) {
        if (item.body) lines.push(escapeMarkdown(item.body), '');
        lines.push(...deliberations(item.deliberations));
        return;
      }
      // An item about a member (an exclusion to consider): its details stay with the bureau.
      lines.push(`- ${label(t('minutes.aboutMember'), locale)} ${escapeMarkdown(item.memberName ?? '')}`);
      if (item.body && audience === 'bureau') lines.push(`- ${escapeMarkdown(item.body)}`);
      if (decision) decided();
      else lines.push(`- ${t(session.status === 'closed' ? 'minutes.noDecision' : 'minutes.pending')}`);
      // What was said about a member stays with the bureau, as the item's details do.
      if (audience === 'bureau') lines.push('', ...deliberations(item.deliberations));
      lines.push('');
      return;
    }
    const heading =
      item.kind === 'membership'
        ? t('minutes.membership', { name: escapeMarkdown(item.memberName ?? '') })
        : t('minutes.application', { name: escapeMarkdown(item.applicantName ?? '') });
    lines.push(`### ${n}. ${heading}`, '');
    if (decision) {
      decided();
    } else if (item.state === 'withdrawn') {
      lines.push(`- ${t(item.kind === 'membership' ? 'minutes.reviewWithdrawn' : 'minutes.withdrawn')}`);
    } else if (item.state === 'carried_over' || (session.status === 'closed' && item.state === 'open')) {
      const to = item.carriedTo ? input.carriedTo[item.carriedTo] : undefined;
      lines.push(`- ${to ? t('minutes.carriedTo', { date: formatMeetingDate(to, locale, timeZone, false) }) : t('minutes.carriedWaiting')}`);
    } else {
      lines.push(`- ${t('minutes.pending')}`);
    }
    // An application's or a review's debate is about a person: the bureau's minutes only.
    if (audience === 'bureau') lines.push('', ...deliberations(item.deliberations));
    lines.push('');
  });
  if (chair && secretary) lines.push('', t('minutes.signatures', { chair: escapeMarkdown(chair), secretary: escapeMarkdown(secretary) }));
  if (session.minutesApprovedAt) lines.push('', t('minutes.approvedOn', { date: formatMeetingDate(session.minutesApprovedAt, locale, timeZone, false) }));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** What the secretary wrote on an item: each paragraph escaped on a line of its own, a blank line after. */
function deliberations(text: string | null): string[] {
  return paragraphs(text ?? '').flatMap((p) => [p, '']);
}

/** A text typed with blank lines between paragraphs, each paragraph escaped on one line. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => escapeMarkdown(p.trim()))
    .filter((p) => p.length > 0);
}

/** "Lieu :" in French typography, "Place:" in English. */
function label(text: string, locale: Locale): string {
  return locale === 'fr' ? `${text} :` : `${text}:`;
}

/** Names and rationales are people's text: they must not turn into links, headings or emphasis. */
export function escapeMarkdown(text: string): string {
  // A leading "2026. " would read as a numbered list: its dot is escaped too.
  return text
    .replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1')
    .replace(/\n+/g, ' ')
    .replace(/^(\s*\d+)\./, '$1\\.');
}
