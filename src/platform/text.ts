/**
 * The search key kept beside names and emails: lower case, accents stripped, spaces collapsed.
 * SQLite has no `unaccent`, so the application writes this key and both databases query it the
 * same way ("elodie" finds "Élodie"). Letters with a stroke have no decomposition and are
 * mapped by hand ("lukasz" finds "Łukasz", "dang" finds "Đặng").
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[ßẞ]/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Emails are unique without regard to case: `Elodie@x.org` and `elodie@x.org` are one person. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A pragmatic email check: one @, a dot in the domain, no spaces (user@example is refused). */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/.test(email.trim());
}
