import { describe, expect, it } from 'vitest';
import { computeAssemblyQuorum, tallyResolution } from './rules.js';
import { assemblyMinutesMessages, renderAssemblyMinutes, type AssemblyMinutesInput } from './minutes.js';
import type { Resolution } from './types.js';

function resolution(overrides: Partial<Resolution> & Pick<Resolution, 'title'>): Resolution {
  return {
    id: `r-${overrides.title}`,
    position: 1,
    text: null,
    majority: 'simple',
    status: 'closed',
    method: 'individual',
    votes: null,
    result: null,
    closedAt: '2027-01-15T19:30:00.000Z',
    ...overrides,
  };
}

function votedOn(
  r: Partial<Resolution> & Pick<Resolution, 'title' | 'majority' | 'position'>,
  votes: { for: number; against: number; abstain: number },
): Resolution {
  return resolution({ ...r, votes, result: tallyResolution({ majority: r.majority, ...votes }) });
}

function minutesInput(overrides: Partial<AssemblyMinutesInput> = {}): AssemblyMinutesInput {
  return {
    association: 'TeDomum',
    assembly: {
      id: 'a1',
      kind: 'ordinary',
      title: 'Assemblée générale 2027',
      scheduledAt: '2027-01-15T18:30:00.000Z',
      durationMinutes: 120,
      location: 'Maison des associations, salle 2',
      videoUrl: null,
      status: 'closed',
      convenedAt: '2026-12-01T10:00:00.000Z',
      forcedReason: null,
      openedAt: '2027-01-15T18:35:00.000Z',
      closedAt: '2027-01-15T20:10:00.000Z',
      version: 4,
      chairId: null,
      secretaryId: null,
      minutesApprovedAt: null,
      agenda: [
        { id: 'i2', position: 2, title: 'Rapport financier', body: null, deliberations: null },
        { id: 'i1', position: 1, title: 'Rapport moral', body: 'Présenté par la présidente.\n\nDiscussion ensuite.', deliberations: null },
      ],
    },
    attendance: {
      present: [
        { displayName: 'Ada', capacity: 'member' },
        { displayName: 'Bruno', capacity: 'contributor' },
      ],
      represented: [{ giver: 'Zoé', holder: 'Ada' }],
      absent: 5,
      voters: 3,
    },
    quorum: computeAssemblyQuorum({ voters: 3, present: 1, represented: 1, rule: '1/4' }),
    resolutions: [
      votedOn({ title: 'Modification des statuts', majority: 'two_thirds', position: 2, method: 'show_of_hands' }, { for: 1, against: 1, abstain: 0 }),
      votedOn(
        { title: 'Approbation des comptes', majority: 'simple', position: 1, text: 'L’assemblée approuve les comptes 2026.' },
        { for: 2, against: 0, abstain: 0 },
      ),
    ],
    locale: 'fr',
    timeZone: 'Europe/Paris',
    ...overrides,
  };
}

describe('renderAssemblyMinutes', () => {
  it('writes the minutes of a closed assembly in French: heading, chair and secretary, deliberations, attendance, quorum, each resolution and its result, closing, approval', () => {
    const base = minutesInput();
    const md = renderAssemblyMinutes({
      ...base,
      assembly: {
        ...base.assembly,
        minutesApprovedAt: '2027-02-20T10:00:00.000Z',
        agenda: base.assembly.agenda.map((i) => (i.id === 'i1' ? { ...i, deliberations: 'La présidente lit le rapport.\n\nAdopté sans débat.' } : i)),
      },
      record: { chair: 'Ada', secretary: 'Bruno' },
    });
    expect(md).toBe(
      [
        '# Procès-verbal de l’assemblée générale ordinaire du vendredi 15 janvier 2027',
        '',
        '**TeDomum**',
        '',
        '## Assemblée générale 2027',
        '',
        '- Date : vendredi 15 janvier 2027 à 19:30 (Europe/Paris)',
        '- Lieu : Maison des associations, salle 2',
        '- Convocation : mardi 1 décembre 2026 à 11:00',
        '- Ouverture : vendredi 15 janvier 2027 à 19:35',
        '- Clôture : vendredi 15 janvier 2027 à 21:10',
        '- Présidence de séance : Ada',
        '- Secrétariat de séance : Bruno',
        '',
        '## Ordre du jour',
        '',
        '1. Rapport moral',
        '   Présenté par la présidente.',
        '   Discussion ensuite.',
        '   **Délibérations :** La présidente lit le rapport.',
        '   Adopté sans débat.',
        '2. Rapport financier',
        '',
        '## Présences',
        '',
        '- Présent·es (2) : Ada (membre), Bruno (contributeur·rice)',
        '- Représenté·es (1) : Zoé, par Ada',
        '- Absent·es : 5',
        '- Votant·es convoqué·es : 3',
        '- Quorum : atteint : 1 présent·es et 1 représenté·es sur 3 votant·es, 1 requis·es',
        '',
        '## Résolutions',
        '',
        '### 1. Approbation des comptes',
        '',
        'L’assemblée approuve les comptes 2026.',
        '',
        '- Majorité requise : majorité simple des suffrages exprimés',
        '- Vote : individuel',
        '- Suffrages : 2 pour, 0 contre, 0 abstention(s)',
        '- Résultat : **adoptée**',
        '',
        '### 2. Modification des statuts',
        '',
        '- Majorité requise : majorité des deux tiers des suffrages exprimés',
        '- Vote : à main levée',
        '- Suffrages : 1 pour, 1 contre, 0 abstention(s)',
        '- Résultat : **rejetée**',
        '',
        'L’ordre du jour étant épuisé, la séance est levée le vendredi 15 janvier 2027 à 21:10.',
        '',
        'La présidence de séance : Ada — Le secrétariat de séance : Bruno',
        '',
        'Procès-verbal approuvé le samedi 20 février 2027.',
        '',
      ].join('\n'),
    );
  });

  it('says that closed minutes are not approved yet, until they are', () => {
    const md = renderAssemblyMinutes(minutesInput());
    expect(md).toContain('- Clôture : vendredi 15 janvier 2027 à 21:10\n\n> Procès-verbal non encore approuvé.\n');
    expect(md).not.toContain('approuvé le');
    expect(md).not.toContain('Présidence de séance');
  });

  it('names a bureau office holder who is not a member by that capacity, in both languages', () => {
    const present = [
      { displayName: 'Ada', capacity: 'member' as const },
      { displayName: 'Odile', capacity: 'office_holder' as const },
    ];
    const attendance = { present, represented: [], absent: 5, voters: 3 };
    expect(renderAssemblyMinutes(minutesInput({ attendance }))).toContain('- Présent·es (2) : Ada (membre), Odile (membre du bureau sans adhésion)');
    expect(renderAssemblyMinutes(minutesInput({ attendance, locale: 'en' }))).toContain(
      '- Present (2): Ada (member), Odile (bureau office holder, not a member)',
    );
  });

  it('writes them in English when that is the association’s language', () => {
    const md = renderAssemblyMinutes(minutesInput({ locale: 'en' }));
    expect(md).toMatch(/^# Minutes of the ordinary general assembly of Friday,? 15 January 2027\n/);
    expect(md).toContain('- Present (2): Ada (member), Bruno (contributor)');
    expect(md).toContain('- Represented (1): Zoé, by Ada');
    expect(md).toContain('- Quorum: reached: 1 present and 1 represented of 3 voters, 1 required');
    expect(md).toContain('- Majority required: two-thirds majority of the votes cast');
    expect(md).toContain('- Result: **adopted**');
    expect(md).toContain('- Result: **rejected**');
    expect(md).not.toMatch(/adoptée|Présent·es|Résultat/);
  });

  it('names an extraordinary assembly, the video link, and the reason for a shortened notice', () => {
    const base = minutesInput();
    const md = renderAssemblyMinutes({
      ...base,
      assembly: { ...base.assembly, kind: 'extraordinary', videoUrl: 'https://visio.example/ag', forcedReason: 'Dissolution urgente' },
    });
    expect(md).toMatch(/^# Procès-verbal de l’assemblée générale extraordinaire du vendredi 15 janvier 2027/);
    expect(md).toContain('- Visioconférence : https://visio.example/ag');
    expect(md).toContain('- Convoquée dans un délai plus court que celui des statuts, pour ce motif : Dissolution urgente');
  });

  it('says when the quorum was not reached, and when none is required', () => {
    const missed = renderAssemblyMinutes(minutesInput({ quorum: computeAssemblyQuorum({ voters: 20, present: 2, represented: 1, rule: '1/4' }) }));
    expect(missed).toContain(
      '- Quorum : non atteint : 2 présent·es et 1 représenté·es sur 20 votant·es, 5 requis·es ; l’assemblée ne peut délibérer valablement',
    );
    const none = renderAssemblyMinutes(minutesInput({ quorum: computeAssemblyQuorum({ voters: 20, present: 2, represented: 0, rule: 'none' }) }));
    expect(none).toContain('- Quorum : aucun minimum requis : 2 présent·es et 0 représenté·es sur 20 votant·es');
  });

  it('is a draft until the assembly closes, with resolutions still to vote', () => {
    const base = minutesInput();
    const md = renderAssemblyMinutes({
      ...base,
      assembly: { ...base.assembly, status: 'open', closedAt: null },
      resolutions: [
        resolution({ title: 'En cours', status: 'open', closedAt: null, position: 1 }),
        resolution({ title: 'Pas encore', status: 'proposed', method: null, closedAt: null, position: 2 }),
      ],
    });
    expect(md).toContain('> Projet : l’assemblée n’est pas encore close.');
    expect(md).toContain('### 1. En cours\n\n- Majorité requise : majorité simple des suffrages exprimés\n- Vote : individuel\n- Vote en cours.');
    expect(md).toContain('### 2. Pas encore\n\n- Majorité requise : majorité simple des suffrages exprimés\n- Non mise aux voix.');
    expect(md).not.toContain('Clôture');
    expect(md).not.toContain('la séance est levée');
  });

  it('says when nobody came, nothing was on the agenda and nothing was voted', () => {
    const base = minutesInput();
    const md = renderAssemblyMinutes({
      ...base,
      assembly: { ...base.assembly, agenda: [] },
      attendance: { present: [], represented: [], absent: 8, voters: 3 },
      resolutions: [],
    });
    expect(md).toContain('Aucun point à l’ordre du jour.');
    expect(md).toContain('- Présent·es (0) : —');
    expect(md).toContain('- Représenté·es (0) : —');
    expect(md).toContain('Aucune résolution n’a été soumise au vote.');
  });

  it('keeps people’s text as text: no heading, link or emphasis can be slipped in', () => {
    const base = minutesInput();
    const md = renderAssemblyMinutes({
      ...base,
      association: '*Asso*',
      assembly: {
        ...base.assembly,
        title: '# Titre',
        agenda: [{ id: 'x', position: 1, title: '[clic](javascript:alert(1))', body: '## pas un titre', deliberations: null }],
      },
      attendance: { ...base.attendance, present: [{ displayName: '<b>Ada</b>', capacity: 'member' }] },
      resolutions: [resolution({ title: '**Gras**', text: '> citation\n\n- liste', position: 1 })],
    });
    expect(md).toContain('**\\*Asso\\***');
    expect(md).toContain('## \\# Titre');
    expect(md).toContain('1. \\[clic\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).toContain('   \\#\\# pas un titre');
    expect(md).toContain('\\<b\\>Ada\\</b\\>');
    expect(md).toContain('### 1. \\*\\*Gras\\*\\*');
    expect(md).toContain('\n\\> citation\n\n- liste\n');
    expect(md).not.toMatch(/^#{1,6} #/m);
  });

  it('writes times in the association’s time zone', () => {
    expect(renderAssemblyMinutes(minutesInput({ timeZone: 'America/Montreal' }))).toContain('- Date : vendredi 15 janvier 2027 à 13:30 (America/Montreal)');
  });

  it('every word of the minutes is translated, with the same placeholders', () => {
    for (const [key, fr] of Object.entries(assemblyMinutesMessages.fr)) {
      const en = assemblyMinutesMessages.en[key as keyof typeof assemblyMinutesMessages.en];
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en), key).toEqual(placeholders(fr));
    }
  });
});
