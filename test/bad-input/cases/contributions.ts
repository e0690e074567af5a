/** Contributions: declared, reviewed, imported, and a person's activity. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/contributions': (f): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/contributions', raw: '{"kind":', status: 400, code: 'malformed_json' },
    { name: 'missing fields', url: '/api/v1/contributions', json: {}, status: 400, code: 'validation_failed', paths: ['/kind', '/occurredOn', '/summary'] },
    {
      name: 'impossible date',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'moderation', occurredOn: '2024-02-31', summary: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/occurredOn'],
    },
    {
      name: 'in the future',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'moderation', occurredOn: '2999-01-01', summary: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/occurredOn'],
    },
    {
      name: 'unknown kind',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'napping', occurredOn: '2026-01-01', summary: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/kind'],
    },
    {
      name: 'unknown team',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'moderation', occurredOn: '2026-01-01', summary: 'x', teamSlug: 'nope' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'unknown person',
      url: '/api/v1/contributions',
      json: { personId: unknownId, kind: 'moderation', occurredOn: '2026-01-01', summary: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
    {
      name: 'amount on a non-donation',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'moderation', occurredOn: '2026-01-01', summary: 'x', amountCents: 100 },
      status: 400,
      code: 'validation_failed',
      paths: ['/amountCents'],
    },
    {
      name: 'evidence that is not a link',
      url: '/api/v1/contributions',
      json: { personId: f.bob.id, kind: 'moderation', occurredOn: '2026-01-01', summary: 'x', evidenceUrl: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/evidenceUrl'],
    },
    {
      name: 'over-long summary',
      url: '/api/v1/contributions',
      json: { kind: 'moderation', occurredOn: '2026-01-01', summary: long(501) },
      status: 400,
      code: 'validation_failed',
      paths: ['/summary'],
    },
  ],
  'POST /api/v1/contributions/import': (f): ApiCase[] => {
    const url = '/api/v1/contributions/import';
    const header = 'email,kind,occurredOn,summary,team,evidenceUrl';
    const good = `${f.bob.email},moderation,2020-01-02,Modération,,`;
    const csv = (...lines: string[]) => ({ url, raw: [header, ...lines].join('\n'), type: 'text/csv', status: 422, code: 'import_invalid' });
    return [
      { name: 'unclosed quote', url, raw: `${header}\n${f.bob.email},event,2020-01-01,"Stand\n`, type: 'text/csv', status: 400, code: 'invalid_csv' },
      // PostgreSQL refuses a NUL in text: the random bodies found it as a 500 (quoted or not).
      {
        name: 'a NUL character in a quoted cell',
        url,
        raw: `${header}\n${f.bob.email},moderation,2020-01-02,"\u0000"\n`,
        type: 'text/csv',
        status: 400,
        code: 'invalid_csv',
      },
      {
        name: 'a NUL character in a cell',
        url,
        raw: `${header}\n${f.bob.email},moderation,2020-01-02,a\u0000b,,\n`,
        type: 'text/csv',
        status: 400,
        code: 'invalid_csv',
      },
      // A JSON number passed the schema as text and failed inside the import (a 500).
      { name: 'a JSON number instead of a file', url, raw: '0', type: 'application/json', status: 400, code: 'validation_failed' },
      // An array of one value passed the schema too (Ajv unwraps it), and reached the import as an array.
      { name: 'a JSON array of one value', url, raw: '[false]', type: 'application/json', status: 400, code: 'validation_failed' },
      {
        name: 'no summary column',
        url,
        raw: `email,kind,date\n${f.bob.email},event,2020-01-01\n`,
        type: 'text/csv',
        status: 422,
        code: 'import_invalid',
        paths: ['/header'],
      },
      { name: 'empty body', url, raw: '', type: 'text/csv', status: 422, code: 'import_invalid', paths: ['/header'] },
      { ...csv(good, 'nobody@example.org,moderation,2020-01-02,Inconnue,,'), name: 'unknown email after a good line', paths: ['/email'] },
      { ...csv(`${f.bob.email},sleeping,2020-01-02,Sieste,,`), name: 'unknown kind', paths: ['/kind'] },
      { ...csv(`${f.bob.email},moderation,31/02/2020,Impossible,,`), name: 'impossible date', paths: ['/occurredOn'] },
      { ...csv(`${f.bob.email},moderation,2999-01-01,Futur,,`), name: 'future date', paths: ['/occurredOn'] },
      { ...csv(`${f.bob.email},moderation,2020-01-02,  ,,`), name: 'empty summary', paths: ['/summary'] },
      { ...csv(`${f.bob.email},moderation,2020-01-02,Lien,,javascript:alert(1)`), name: 'bad link', paths: ['/evidenceUrl'] },
      { ...csv(`${f.bob.email},moderation,2020-01-02,Équipe,cuisine,`), name: 'unknown team', paths: ['/team'] },
      { name: 'XML', url, raw: '<contributions/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
      { name: 'a JSON object', url, json: { csv: header }, status: 400, code: 'validation_failed' },
      {
        name: 'skipInvalid not a boolean',
        url: `${url}?skipInvalid=perhaps`,
        raw: `${header}\n${good}\n`,
        type: 'text/csv',
        status: 400,
        code: 'validation_failed',
        paths: ['/querystring/skipInvalid'],
      },
      {
        name: 'unknown query parameter',
        url: `${url}?source=forge`,
        raw: `${header}\n${good}\n`,
        type: 'text/csv',
        status: 400,
        code: 'validation_failed',
        paths: ['/querystring/source'],
      },
    ];
  },
  'POST /api/v1/contributions/:id/confirm': (): ApiCase[] => [
    { name: 'unknown id', url: `/api/v1/contributions/${unknownId}/confirm`, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/contributions/${long(65)}/confirm`, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
  'POST /api/v1/contributions/:id/reject': (f): ApiCase[] => [
    { name: 'no reason', url: `/api/v1/contributions/${f.declared}/reject`, json: {}, status: 400, code: 'validation_failed', paths: ['/reason'] },
    {
      name: 'empty reason',
      url: `/api/v1/contributions/${f.declared}/reject`,
      json: { reason: '' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'unknown id', url: `/api/v1/contributions/${unknownId}/reject`, json: { reason: 'x' }, status: 404, code: 'not_found' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /contributions/new': (f): FormCase[] => {
    const valid = { kind: 'moderation', occurredOn: '2026-01-10', summary: 'Modération' };
    const c = (name: string, form: Record<string, string>, status = 400, inline = true): FormCase => ({
      name,
      url: '/contributions/new',
      form,
      status,
      inline,
    });
    return [
      c('unknown kind', { ...valid, kind: 'napping' }),
      c('impossible date', { ...valid, occurredOn: '2024-02-31' }),
      c('in the future', { ...valid, occurredOn: '2999-01-01' }),
      c('no summary', { ...valid, summary: '' }),
      c('over-long summary', { ...valid, summary: long(501) }),
      c('evidence that is not a link', { ...valid, evidenceUrl: 'javascript:alert(1)' }),
      c('over-long evidence link', { ...valid, evidenceUrl: `https://example.org/${long(2000)}` }),
      c('amount on a non-donation', { ...valid, amount: '10' }),
      c('amount not a number', { ...valid, kind: 'donation', amount: 'beaucoup' }),
      c('negative amount', { ...valid, kind: 'donation', amount: '-5' }),
      c('amount beyond the integer column', { ...valid, kind: 'donation', amount: '100000000' }),
      c('unknown team', { ...valid, teamSlug: 'graphisme' }),
      c('unknown email', { ...valid, email: 'nobody@example.org' }),
      c('NUL character', { ...valid, summary: 'Mod\u0000ération' }, 400, false),
      { name: 'no form token', url: '/contributions/new', form: { ...valid, email: f.bob.email }, noCsrf: true, status: 403 },
      { name: 'malformed JSON', url: '/contributions/new', raw: '{"kind":', type: 'application/json', status: 400 },
    ];
  },
  'POST /contributions/:id/confirm': (f): FormCase[] => [
    { name: 'unknown contribution', url: `/contributions/${unknownId}/confirm`, form: {}, status: 404 },
    { name: 'over-long id', url: `/contributions/${long(65)}/confirm`, form: {}, status: 400 },
    { name: 'no form token', url: `/contributions/${f.declared}/confirm`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /contributions/:id/reject': (f): FormCase[] => [
    { name: 'no reason', url: `/contributions/${f.declared}/reject`, form: {}, status: 400, inline: true },
    { name: 'blank reason', url: `/contributions/${f.declared}/reject`, form: { reason: '   ' }, status: 400, inline: true },
    { name: 'over-long reason', url: `/contributions/${f.declared}/reject`, form: { reason: long(1001) }, status: 400, inline: true },
    { name: 'unknown contribution', url: `/contributions/${unknownId}/reject`, form: { reason: 'Doublon' }, status: 404 },
    { name: 'no form token', url: `/contributions/${f.declared}/reject`, form: { reason: 'Doublon' }, noCsrf: true, status: 403 },
  ],
};
