import { isLocale, locales, type Locale } from './catalogue.js';
import { platformMessages } from './platform-messages.js';
import { auditMessages } from '../audit/messages.js';
import { settingsMessages } from '../settings/messages.js';
import { menuMessages } from '../http/menu-messages.js';
import { uiMessages } from '../http/ui/messages.js';

export { isLocale, locales, type Locale } from './catalogue.js';

/**
 * Every catalogue of strings, by the name of what declares it. The platform declares its own
 * here; each module's are added by the composition root (`src/messages.ts`), which merges them
 * into this interface: the platform checks keys against catalogues it does not import.
 */
export interface Catalogues {
  platform: typeof platformMessages;
  audit: typeof auditMessages;
  settings: typeof settingsMessages;
  menu: typeof menuMessages;
  ui: typeof uiMessages;
}

type Catalogue = Record<string, string>;
type Pair = { fr: Catalogue; en: Catalogue };
const catalogues: Pair[] = [];
const merged: Record<Locale, Catalogue> = { fr: {}, en: {} };

/**
 * Adds catalogues to the merged ones (the composition root gives the modules'). Giving the same
 * catalogue again changes nothing, so every entry point may register without coordinating.
 */
export function registerCatalogues(list: readonly Pair[]): void {
  for (const c of list) {
    if (catalogues.includes(c)) continue;
    catalogues.push(c);
    Object.assign(merged.fr, c.fr);
    Object.assign(merged.en, c.en);
  }
}
registerCatalogues([platformMessages, auditMessages, settingsMessages, menuMessages, uiMessages]);

/** The catalogues registered so far, in order (the catalogues' own tests). */
export function registeredCatalogues(): readonly Pair[] {
  return catalogues;
}

type KeysOf<C> = C extends { fr: infer F } ? keyof F & string : never;
type DeclaredKey = { [N in keyof Catalogues]: KeysOf<Catalogues[N]> }[keyof Catalogues];
/**
 * Every key of every catalogue: `t()` refuses a key that no catalogue declares. A message that
 * depends on a number is declared twice, `key.one` and `key.other`, and asked for as `key` with a
 * numeric `count`: the language's plural rule picks the form ("0 demande ouverte", "0 open requests").
 */
export type MessageKey = DeclaredKey | (DeclaredKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never);

export function catalogue(locale: Locale): Readonly<Catalogue> {
  return merged[locale];
}

export type Params = Record<string, string | number>;

const pluralRules = { fr: new Intl.PluralRules('fr-FR'), en: new Intl.PluralRules('en-GB') };

/** `one` or `other`: French says "0 demande", English "0 requests"; larger categories read as `other`. */
export function pluralForm(locale: Locale, count: number): 'one' | 'other' {
  return pluralRules[locale].select(count) === 'one' ? 'one' : 'other';
}

function templateOf(locale: Locale, key: string, params?: Params): string | undefined {
  const found = merged[locale][key] ?? merged.fr[key];
  if (found !== undefined || typeof params?.count !== 'number') return found;
  const plural = `${key}.${pluralForm(locale, params.count)}`;
  return merged[locale][plural] ?? merged.fr[plural];
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = templateOf(locale, key as string, params) ?? String(key);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Params): string;
  /** A calendar date (`YYYY-MM-DD`) in the locale's words: "3 février 2021" / "3 February 2021". */
  date(value: string | null | undefined): string;
  /** An instant in the locale's format, in the association's time zone. */
  dateTime(value: string | null | undefined): string;
}

/** The zone of instants when no configuration says otherwise (TIMEZONE's default). */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

// Building Intl formatters costs more than a small page: one translator per language and zone, made once.
const translators = new Map<string, Translator>();

/** The translator of a language; instants are shown in `timeZone`, the association's (TIMEZONE). */
export function translator(locale: Locale, timeZone: string = DEFAULT_TIME_ZONE): Translator {
  const made = translators.get(`${locale} ${timeZone}`);
  if (made) return made;
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const created: Translator = {
    locale,
    t: (key, params) => translate(locale, key, params),
    date: (value) => (value ? dateFormat.format(new Date(`${value.slice(0, 10)}T00:00:00.000Z`)) : ''),
    dateTime: (value) => (value ? dateTimeFormat.format(new Date(value)) : ''),
  };
  translators.set(`${locale} ${timeZone}`, created);
  return created;
}

/** Picks the best supported language from an Accept-Language header, or null. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag.trim().split(/[-_]/)[0].toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return null;
}

/** Profile first, then an explicit choice (?lang= or its cookie), then the browser, then French. */
export function chooseLocale(choices: {
  profile?: string | null;
  query?: unknown;
  cookie?: string | null;
  acceptLanguage?: string;
  fallback?: string | null;
}): Locale {
  for (const c of [choices.profile, choices.query, choices.cookie]) if (isLocale(c)) return c;
  return fromAcceptLanguage(choices.acceptLanguage) ?? (isLocale(choices.fallback) ? choices.fallback : 'fr');
}

export const supportedLocales = locales;
