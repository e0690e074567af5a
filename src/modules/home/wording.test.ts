import { describe, expect, it } from 'vitest';
import { catalogue, translate } from '../../platform/i18n/index.js';

describe('Wording', () => {
  it('says "1 personne" and "2 personnes": counts of people use the language’s plural forms', () => {
    expect(translate('fr', 'assemblies.invitees.summary', { total: 1, voters: 1, count: 1 })).toBe('1 personne convoquée, dont 1 avec voix délibérative.');
    expect(translate('fr', 'assemblies.invitees.summary', { total: 2, voters: 1, count: 2 })).toBe('2 personnes convoquées, dont 1 avec voix délibérative.');
    expect(translate('en', 'assemblies.invitees.summary', { total: 1, voters: 0, count: 1 })).toBe('1 person convened, 0 of them with a vote.');
    expect(translate('fr', 'home.waiting.contributions', { count: 1 })).toBe('1 contribution à confirmer');
  });

  it('uses one word for email in French: « e-mail », never « courriel » nor « adresse électronique »', () => {
    const offenders = Object.entries(catalogue('fr')).filter(([, v]) => /courriel|adresse électronique/i.test(v));
    expect(offenders.map(([k]) => k)).toEqual([]);
  });

  it('writes the person who asks inclusively: « Demandeur·euse »', () => {
    const fr = catalogue('fr');
    expect(fr['requests.fact.requester']).toBe('Demandeur·euse');
    expect(Object.values(fr).filter((v) => /\b(le|du|au) demandeur\b/i.test(v))).toEqual([]);
  });
});
