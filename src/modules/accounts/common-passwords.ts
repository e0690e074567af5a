import { createRequire } from 'node:module';
import type { dictionary as Dictionary } from '@zxcvbn-ts/language-common';

/**
 * The passwords people choose first, which attackers therefore try first.
 *
 * Source: the `passwords-common` dictionary of @zxcvbn-ts/language-common (MIT licence, © Dan
 * Wheeler and Dropbox, Inc., © zxcvbn-ts): about 49,000 passwords ranked by frequency in public
 * breach corpora, English first but with the French favourites (azerty, soleil, marseille,
 * jetaime, motdepasse…). The package is a runtime dependency; nothing is fetched at run time.
 *
 * FRENCH_SUPPLEMENT adds French ones that list misses (checked against version 4.1.3).
 */
const FRENCH_SUPPLEMENT = [
  'administrateur',
  'bienvenue',
  'bisounours',
  'coucou',
  'doudou',
  'licorne',
  'louloute',
  'olympique',
  'papa',
  'printemps',
  'automne',
  'egalite',
  'fraternite',
  'normandie',
  'qsdfghjklm',
  'wxcvbn',
  'changeme',
  'bonjour',
];

/** Lower case, accents removed: "Liberté" and "LIBERTE" are the same common password. */
export function foldPassword(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

let list: ReadonlySet<string> | null = null;

const require = createRequire(import.meta.url);

/**
 * Built once, on first use: the dictionary decompresses when its package loads, so the package is
 * loaded here rather than when the server starts (it was a tenth of a cold start).
 */
export function commonPasswords(): ReadonlySet<string> {
  if (!list) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: typeof Dictionary };
    list = new Set([...dictionary['passwords-common'], ...FRENCH_SUPPLEMENT].map(foldPassword));
  }
  return list;
}
