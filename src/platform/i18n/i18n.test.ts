import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogue, chooseLocale, fromAcceptLanguage, registeredCatalogues, translate, translator, type MessageKey } from './index.js';

// The modules' catalogues are registered by the composition root, src/modules.ts (test/setup.ts loads it, as src/app.ts does).
const catalogues = registeredCatalogues();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it.each(catalogues.map((c) => [Object.keys(c.fr)[0].split('.')[0], c] as const))('%s: every French key has an English text', (_name, c) => {
    const fr = c.fr as Record<string, string>;
    const en = c.en as Record<string, string>;
    expect(Object.keys(fr).length).toBeGreaterThan(0);
    for (const key of Object.keys(fr)) {
      expect(fr[key].trim(), `fr ${key}`).not.toBe('');
      expect(typeof en[key], `en ${key}`).toBe('string');
      expect(en[key].trim(), `en ${key}`).not.toBe('');
      expect(placeholders(en[key]), `placeholders of ${key}`).toEqual(placeholders(fr[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('the merged catalogues have the same keys in both languages, none of them empty', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr)) expect(en[key].trim(), key).not.toBe('');
    const declared = new Set(catalogues.flatMap((c) => Object.keys(c.fr)));
    expect(Object.keys(fr).sort()).toEqual([...declared].sort());
  });

  it('no two catalogues declare the same key (the later one would silently win)', () => {
    const seen = new Map<string, number>();
    catalogues.forEach((c, i) => {
      for (const key of Object.keys(c.fr)) {
        expect(seen.get(key), `${key} is declared twice`).toBeUndefined();
        seen.set(key, i);
      }
    });
  });

  it('translates in each language and fills the parameters', () => {
    expect(translate('fr', 'common.since', { date: '3 février 2021' })).toBe('depuis le 3 février 2021');
    expect(translate('en', 'common.since', { date: '3 February 2021' })).toBe('since 3 February 2021');
    expect(translate('en', 'nav.people')).toBe('People');
    expect(translator('fr').t('nav.people')).toBe('Personnes');
  });

  it('leaves a placeholder it has no value for', () => {
    expect(translate('en', 'common.since', {})).toBe('since {date}');
  });

  it('shows the key itself rather than nothing for an unknown key', () => {
    expect(translate('en', 'no.such.key' as MessageKey)).toBe('no.such.key');
  });
});

describe('fromAcceptLanguage', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['fr', 'fr'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['fr-CA', 'fr'],
    ['de-DE', null],
    ['*', null],
    ['en-US,en;q=0.9,fr;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
    ['de-DE,en;q=0.5,fr;q=0.8', 'fr'],
    ['de, en;q=0.3, fr;q=0.4', 'fr'],
    ['en;q=0.2,fr', 'fr'],
    ['fr;q=0,en;q=0.1', 'en'],
    ['fr;q=0', null],
    ['en;q=abc,fr;q=0.1', 'fr'],
    ['es,en', 'en'],
    // frr is North Frisian and enm Middle English: not French or English.
    ['frr,en;q=0.5', 'en'],
    ['enm,fr;q=0.5', 'fr'],
  ])('%j → %j', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });

  it('property: with equal weights, the first supported language listed wins', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['fr', 'en', 'de', 'es', 'it'], { minLength: 1 }), (langs) => {
        const first = langs.find((l) => l === 'fr' || l === 'en') ?? null;
        expect(fromAcceptLanguage(langs.join(','))).toBe(first);
      }),
    );
  });
});

describe('chooseLocale', () => {
  // Profile, then ?lang=, then the cookie that ?lang= left, then the browser, then French.
  it.each<[string, Parameters<typeof chooseLocale>[0], string]>([
    ['nothing known → French', {}, 'fr'],
    ['the browser', { acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    ['the cookie over the browser', { cookie: 'fr', acceptLanguage: 'en' }, 'fr'],
    ['?lang= over the cookie', { query: 'en', cookie: 'fr', acceptLanguage: 'fr' }, 'en'],
    ['the profile over everything', { profile: 'fr', query: 'en', cookie: 'en', acceptLanguage: 'en' }, 'fr'],
    ['the profile in English', { profile: 'en', acceptLanguage: 'fr' }, 'en'],
    ['an unsupported ?lang= is ignored', { query: 'de', cookie: 'en' }, 'en'],
    ['a ?lang= that is not a string is ignored', { query: ['en'], acceptLanguage: 'fr' }, 'fr'],
    ['an unsupported cookie is ignored', { cookie: 'xx', acceptLanguage: 'en' }, 'en'],
    ['a browser asking only for German gets French', { acceptLanguage: 'de' }, 'fr'],
    ['a null profile (anonymous visitor) is skipped', { profile: null, acceptLanguage: 'en' }, 'en'],
  ])('%s', (_label, choices, expected) => {
    expect(chooseLocale(choices)).toBe(expected);
  });

  it('property: the first supported choice in order profile, query, cookie, browser wins', () => {
    const choice = fc.constantFrom(undefined, null, 'fr', 'en', 'de', '');
    fc.assert(
      fc.property(choice, choice, choice, fc.constantFrom(undefined, '', 'fr', 'en', 'de', 'de,en;q=0.5'), (profile, query, cookie, acceptLanguage) => {
        const explicit = [profile, query, cookie].find((c) => c === 'fr' || c === 'en');
        const expected = explicit ?? fromAcceptLanguage(acceptLanguage) ?? 'fr';
        expect(chooseLocale({ profile, query, cookie, acceptLanguage })).toBe(expected);
      }),
    );
  });
});

describe('dates', () => {
  it.each([
    ['fr', '2021-02-03', '3 février 2021'],
    ['en', '2021-02-03', '3 February 2021'],
    ['fr', '2024-12-31', '31 décembre 2024'],
    ['en', '2024-01-01', '1 January 2024'],
  ] as const)('%s: %s → %s', (locale, value, expected) => {
    expect(translator(locale).date(value)).toBe(expected);
  });

  it('shows the calendar day of a date, whatever the time zone of the server', () => {
    expect(translator('fr').date('2021-02-03T23:59:59.000Z')).toBe('3 février 2021');
  });

  it('shows nothing for no date', () => {
    expect(translator('fr').date(null)).toBe('');
    expect(translator('en').dateTime(undefined)).toBe('');
  });

  it('shows an instant at the time of Paris, in each language', () => {
    // 13:05 UTC is 14:05 in Paris in winter and 15:05 in summer.
    expect(translator('fr').dateTime('2021-02-03T13:05:00.000Z')).toMatch(/^3 février 2021 .*14:05$/);
    expect(translator('en').dateTime('2021-07-03T13:05:00.000Z')).toMatch(/^3 July 2021 .*15:05$/);
  });
});

describe('plurals', () => {
  it('picks the form by the language’s rule: French says 0 and 1 in the singular, English only 1', () => {
    const fr = translator('fr');
    const en = translator('en');
    expect([0, 1, 2].map((count) => fr.t('contributions.new.awaiting', { count }))).toEqual([
      '0 contribution attend votre confirmation',
      '1 contribution attend votre confirmation',
      '2 contributions attendent votre confirmation',
    ]);
    expect([0, 1, 2].map((count) => en.t('contributions.new.awaiting', { count }))).toEqual([
      '0 contributions await your confirmation',
      '1 contribution awaits your confirmation',
      '2 contributions await your confirmation',
    ]);
  });

  it('declares both forms of every message that has one, in both languages', () => {
    for (const locale of ['fr', 'en'] as const) {
      const keys = Object.keys(catalogue(locale));
      for (const key of keys.filter((k) => k.endsWith('.one'))) expect(keys, `${locale} ${key}`).toContain(`${key.slice(0, -4)}.other`);
    }
  });
});
