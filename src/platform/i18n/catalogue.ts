export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/**
 * Declares a module's strings in both languages. French comes first and defines the keys; the
 * type makes the English catalogue complete, so a missing translation fails the type-check.
 */
export function defineMessages<const F extends Record<string, string>>(fr: F, en: { [K in keyof F]: string }): { fr: F; en: { [K in keyof F]: string } } {
  return { fr, en };
}
