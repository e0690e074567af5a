/** The association's settings and the first-run setup. */
import { long, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /admin/settings': (): FormCase[] => [
    { name: 'empty name', url: '/admin/settings', form: { name: '', description: 'x' }, status: 400, inline: true },
    { name: 'over-long name', url: '/admin/settings', form: { name: long(121), description: '' }, status: 400, inline: true },
    { name: 'no form token', url: '/admin/settings', form: { name: 'Autre' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/admin/settings', raw: '{"name":', type: 'application/json', status: 400 },
  ],
  'POST /admin/settings/association': (): FormCase[] => [
    {
      name: 'badly written categories',
      url: '/admin/settings/association',
      form: { requestCategories: 'Question!,join:technique' },
      status: 400,
      inline: true,
    },
    { name: 'a room address that is none', url: '/admin/settings/association', form: { membersRoom: 'le salon du jeudi' }, status: 400, inline: true },
    { name: 'a stale form', url: '/admin/settings/association', form: { version: '7', mailFooter: 'Autre' }, status: 409, inline: true },
    { name: 'a version that is no number', url: '/admin/settings/association', form: { version: 'deux' }, status: 400 },
    { name: 'no form token', url: '/admin/settings/association', form: { mailFooter: 'Autre' }, noCsrf: true, status: 403 },
  ],
  'POST /setup': (): FormCase[] => [
    {
      name: 'setup already done',
      url: '/setup',
      form: { associationName: 'Autre', displayName: 'Intrus', email: 'intrus@example.org', password: 'a long enough passphrase' },
      status: 409,
    },
  ],
};
