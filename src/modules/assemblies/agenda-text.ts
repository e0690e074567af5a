import { translate, type Locale } from '../../platform/i18n/index.js';
import type { AgendaItem, AssemblyDocument, Resolution } from './types.js';

/**
 * The agenda as a convocation carries it, in the invitee's language: the items (with their
 * details), the resolutions put to the vote with their full text, and the documents' links.
 * French associations' convocations must state the agenda; a member reads it before coming.
 */
export function convocationAgendaText(input: {
  locale: Locale;
  agenda: AgendaItem[];
  resolutions: Pick<Resolution, 'title' | 'text'>[];
  documents: Pick<AssemblyDocument, 'id' | 'title' | 'url'>[];
  /** Where an uploaded document is downloaded (signed in): the assembly's page address. */
  assemblyUrl: string;
}): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(input.locale, key, params);
  const indent = (text: string) => text.replace(/\n/g, '\n   ');
  const parts = [t('assemblies.mail.agenda'), ...input.agenda.map((item, i) => `${i + 1}. ${item.title}${item.body ? `\n   ${indent(item.body)}` : ''}`)];
  if (input.resolutions.length > 0) {
    parts.push('', t('assemblies.mail.resolutions'));
    input.resolutions.forEach((r, i) => parts.push(`${i + 1}. ${r.title}${r.text ? `\n   ${indent(r.text)}` : ''}`));
  }
  if (input.documents.length > 0) {
    parts.push('', t('assemblies.mail.documents'));
    for (const d of input.documents) parts.push(t('assemblies.mail.document', { title: d.title, url: d.url ?? `${input.assemblyUrl}/documents/${d.id}` }));
  }
  return parts.join('\n');
}
