import { defineMessages, type Locale } from '../../platform/i18n/catalogue.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { escapeMarkdown, paragraphs } from '../sessions/minutes.js';
import type { Capacity, Quorum } from './rules.js';
import type { AgendaItem, Assembly, Resolution } from './types.js';

export interface AssemblyMinutesInput {
  /** The association's name, as the minutes are headed. */
  association: string;
  assembly: Assembly & { agenda: AgendaItem[] };
  attendance: {
    /** Everyone checked in, members and contributors alike. */
    present: { displayName: string; capacity: Capacity }[];
    /** Voters represented by a proxy: the giver's and the holder's names. */
    represented: { giver: string; holder: string }[];
    /** Invitees neither present nor represented. */
    absent: number;
    /** Invitees with a vote. */
    voters: number;
  };
  quorum: Quorum;
  resolutions: Resolution[];
  /** Who chaired and who took the minutes, by name, once the secretary named them. */
  record?: { chair: string | null; secretary: string | null };
  /** The association's language. */
  locale: Locale;
  timeZone: string;
}

/**
 * The minutes' own words. They are written in the association's language whoever reads them, so
 * they live here rather than in a page catalogue; French defines the keys and the English must
 * have every one (defineMessages).
 */
export const assemblyMinutesMessages = defineMessages(
  {
    'title.ordinary': 'Procès-verbal de l’assemblée générale ordinaire du {date}',
    'title.extraordinary': 'Procès-verbal de l’assemblée générale extraordinaire du {date}',
    draft: 'Projet : l’assemblée n’est pas encore close.',
    date: 'Date',
    broughtForward: 'Assemblée avancée : elle était prévue le {date} et s’est tenue ce jour-là.',
    location: 'Lieu',
    video: 'Visioconférence',
    convened: 'Convocation',
    forced: 'Convoquée dans un délai plus court que celui des statuts, pour ce motif',
    opened: 'Ouverture',
    closed: 'Clôture',
    agenda: 'Ordre du jour',
    'agenda.none': 'Aucun point à l’ordre du jour.',
    attendance: 'Présences',
    present: 'Présent·es ({count})',
    represented: 'Représenté·es ({count})',
    'represented.by': '{giver}, par {holder}',
    absent: 'Absent·es',
    voters: 'Votant·es convoqué·es',
    'capacity.member': 'membre',
    'capacity.contributor': 'contributeur·rice',
    'capacity.office_holder': 'membre du bureau sans adhésion',
    quorum: 'Quorum',
    'quorum.none': 'aucun minimum requis : {present} présent·es et {represented} représenté·es sur {voters} votant·es',
    'quorum.reached': 'atteint : {present} présent·es et {represented} représenté·es sur {voters} votant·es, {required} requis·es',
    'quorum.missed':
      'non atteint : {present} présent·es et {represented} représenté·es sur {voters} votant·es, {required} requis·es ; l’assemblée ne peut délibérer valablement',
    resolutions: 'Résolutions',
    'resolutions.none': 'Aucune résolution n’a été soumise au vote.',
    majority: 'Majorité requise',
    'majority.simple': 'majorité simple des suffrages exprimés',
    'majority.two_thirds': 'majorité des deux tiers des suffrages exprimés',
    method: 'Vote',
    'method.individual': 'individuel',
    'method.show_of_hands': 'à main levée',
    votes: 'Suffrages',
    'votes.count': '{for} pour, {against} contre, {abstain} abstention(s)',
    result: 'Résultat',
    'result.adopted': 'adoptée',
    'result.rejected': 'rejetée',
    'result.none': 'Non mise aux voix.',
    'result.pending': 'Vote en cours.',
    closing: 'L’ordre du jour étant épuisé, la séance est levée le {date}.',
    deliberations: 'Délibérations',
    chair: 'Présidence de séance',
    secretary: 'Secrétariat de séance',
    unapproved: 'Procès-verbal non encore approuvé.',
    approvedOn: 'Procès-verbal approuvé le {date}.',
    signatures: 'La présidence de séance : {chair} — Le secrétariat de séance : {secretary}',
  },
  {
    'title.ordinary': 'Minutes of the ordinary general assembly of {date}',
    'title.extraordinary': 'Minutes of the extraordinary general assembly of {date}',
    draft: 'Draft: the assembly is not closed yet.',
    date: 'Date',
    broughtForward: 'Brought forward: it was planned for {date} and was held on this day.',
    location: 'Place',
    video: 'Video call',
    convened: 'Convened',
    forced: 'Convened at shorter notice than the bylaws’, for this reason',
    opened: 'Opened',
    closed: 'Closed',
    agenda: 'Agenda',
    'agenda.none': 'Nothing on the agenda.',
    attendance: 'Attendance',
    present: 'Present ({count})',
    represented: 'Represented ({count})',
    'represented.by': '{giver}, by {holder}',
    absent: 'Absent',
    voters: 'Voters convened',
    'capacity.member': 'member',
    'capacity.contributor': 'contributor',
    'capacity.office_holder': 'bureau office holder, not a member',
    quorum: 'Quorum',
    'quorum.none': 'no minimum required: {present} present and {represented} represented of {voters} voters',
    'quorum.reached': 'reached: {present} present and {represented} represented of {voters} voters, {required} required',
    'quorum.missed':
      'not reached: {present} present and {represented} represented of {voters} voters, {required} required; the assembly cannot validly deliberate',
    resolutions: 'Resolutions',
    'resolutions.none': 'No resolution was put to the vote.',
    majority: 'Majority required',
    'majority.simple': 'simple majority of the votes cast',
    'majority.two_thirds': 'two-thirds majority of the votes cast',
    method: 'Vote',
    'method.individual': 'individual',
    'method.show_of_hands': 'by show of hands',
    votes: 'Votes',
    'votes.count': '{for} for, {against} against, {abstain} abstention(s)',
    result: 'Result',
    'result.adopted': 'adopted',
    'result.rejected': 'rejected',
    'result.none': 'Not put to the vote.',
    'result.pending': 'Vote in progress.',
    closing: 'There being no further business, the meeting was closed on {date}.',
    deliberations: 'Deliberations',
    chair: 'Chair',
    secretary: 'Secretary',
    unapproved: 'These minutes are not approved yet.',
    approvedOn: 'Minutes approved on {date}.',
    signatures: 'The chair: {chair} — The secretary: {secretary}',
  },
);

type MinutesKey = keyof typeof assemblyMinutesMessages.fr;

/**
 * The minutes of a general assembly, in Markdown, written from its attendance, quorum and
 * resolutions, in the association's language: they are the association's record, the
 * same for every reader. Until the assembly closes they are a draft and say so. Everything people
 * typed (titles, names, texts) is escaped, so it cannot turn into links or headings.
 */
export function renderAssemblyMinutes(input: AssemblyMinutesInput): string {
  const { assembly, attendance, quorum, locale, timeZone } = input;
  const t = (key: MinutesKey, params: Record<string, string | number> = {}) =>
    assemblyMinutesMessages[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  // "Lieu :" in French typography, "Place:" in English.
  const field = (label: string, value: string) => `- ${locale === 'fr' ? `${label} :` : `${label}:`} ${value}`;
  const when = (instant: string) => formatMeetingDate(instant, locale, timeZone);
  const lines: string[] = [];

  lines.push(`# ${t(`title.${assembly.kind}`, { date: formatMeetingDate(assembly.scheduledAt, locale, timeZone, false) })}`, '');
  lines.push(`**${escapeMarkdown(input.association)}**`, '', `## ${escapeMarkdown(assembly.title)}`, '');
  lines.push(field(t('date'), `${when(assembly.scheduledAt)} (${timeZone})`));
  if (assembly.plannedAt) lines.push(`- ${t('broughtForward', { date: when(assembly.plannedAt) })}`);
  if (assembly.location) lines.push(field(t('location'), escapeMarkdown(assembly.location)));
  if (assembly.videoUrl) lines.push(field(t('video'), escapeMarkdown(assembly.videoUrl)));
  if (assembly.convenedAt) lines.push(field(t('convened'), when(assembly.convenedAt)));
  if (assembly.forcedReason) lines.push(field(t('forced'), escapeMarkdown(assembly.forcedReason)));
  if (assembly.openedAt) lines.push(field(t('opened'), when(assembly.openedAt)));
  if (assembly.closedAt) lines.push(field(t('closed'), when(assembly.closedAt)));
  const { chair, secretary } = input.record ?? { chair: null, secretary: null };
  if (chair) lines.push(field(t('chair'), escapeMarkdown(chair)));
  if (secretary) lines.push(field(t('secretary'), escapeMarkdown(secretary)));
  if (assembly.status !== 'closed') lines.push('', `> ${t('draft')}`);
  else if (!assembly.minutesApprovedAt) lines.push('', `> ${t('unapproved')}`);

  lines.push('', `## ${t('agenda')}`, '');
  if (assembly.agenda.length === 0) lines.push(t('agenda.none'));
  [...assembly.agenda]
    .sort((a, b) => a.position - b.position)
    .forEach((item, index) => {
      lines.push(`${index + 1}. ${escapeMarkdown(item.title)}`);
      if (item.body) lines.push(...paragraphs(item.body).map((p) => `   ${p}`));
      // What was said on the item, under it: the agenda is the minutes' list of deliberations.
      if (item.deliberations) {
        const said = paragraphs(item.deliberations);
        if (said.length > 0) said[0] = `**${locale === 'fr' ? `${t('deliberations')} :` : `${t('deliberations')}:`}** ${said[0]}`;
        lines.push(...said.map((p) => `   ${p}`));
      }
    });

  lines.push('', `## ${t('attendance')}`, '');
  const seat = (p: { displayName: string; capacity: Capacity }) => `${escapeMarkdown(p.displayName)} (${t(`capacity.${p.capacity}`)})`;
  const proxy = (r: { giver: string; holder: string }) => t('represented.by', { giver: escapeMarkdown(r.giver), holder: escapeMarkdown(r.holder) });
  lines.push(field(t('present', { count: attendance.present.length }), attendance.present.map(seat).join(', ') || '—'));
  lines.push(field(t('represented', { count: attendance.represented.length }), attendance.represented.map(proxy).join(locale === 'fr' ? ' ; ' : '; ') || '—'));
  lines.push(field(t('absent'), String(attendance.absent)));
  lines.push(field(t('voters'), String(attendance.voters)));
  const counts = { present: quorum.present, represented: quorum.represented, voters: quorum.voters, required: quorum.required };
  lines.push(field(t('quorum'), quorum.required === 0 ? t('quorum.none', counts) : t(quorum.reached ? 'quorum.reached' : 'quorum.missed', counts)));

  lines.push('', `## ${t('resolutions')}`, '');
  if (input.resolutions.length === 0) lines.push(t('resolutions.none'));
  [...input.resolutions]
    .sort((a, b) => a.position - b.position)
    .forEach((r, index) => {
      lines.push(`### ${index + 1}. ${escapeMarkdown(r.title)}`, '');
      if (r.text) lines.push(...paragraphs(r.text).flatMap((p) => [p, '']));
      lines.push(field(t('majority'), t(`majority.${r.majority}`)));
      if (r.method) lines.push(field(t('method'), t(`method.${r.method}`)));
      if (r.votes) lines.push(field(t('votes'), t('votes.count', { for: r.votes.for, against: r.votes.against, abstain: r.votes.abstain })));
      if (r.result) lines.push(field(t('result'), `**${t(`result.${r.result}`)}**`));
      else lines.push(`- ${t(r.status === 'open' ? 'result.pending' : 'result.none')}`);
      lines.push('');
    });

  if (assembly.status === 'closed' && assembly.closedAt) lines.push('', t('closing', { date: when(assembly.closedAt) }));
  if (chair && secretary) lines.push('', t('signatures', { chair: escapeMarkdown(chair), secretary: escapeMarkdown(secretary) }));
  if (assembly.minutesApprovedAt) lines.push('', t('approvedOn', { date: formatMeetingDate(assembly.minutesApprovedAt, locale, timeZone, false) }));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
