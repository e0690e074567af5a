/** Teams and their rosters. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/teams': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/teams', raw: '{"slug": "x",}', status: 400, code: 'malformed_json' },
    { name: 'missing fields', url: '/api/v1/teams', json: {}, status: 400, code: 'validation_failed', paths: ['/slug', '/name'] },
    { name: 'invalid slug', url: '/api/v1/teams', json: { slug: 'Bad Slug!', name: { fr: 'X' } }, status: 400, code: 'validation_failed', paths: ['/slug'] },
    { name: 'over-long slug', url: '/api/v1/teams', json: { slug: long(41), name: { fr: 'X' } }, status: 400, code: 'validation_failed', paths: ['/slug'] },
    { name: 'slug taken', url: '/api/v1/teams', json: { slug: 'technique', name: { fr: 'Bis' } }, status: 409, code: 'slug_taken', paths: ['/slug'] },
    {
      name: 'no French name',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: { en: 'Design' } },
      status: 400,
      code: 'validation_failed',
      paths: ['/name/fr'],
    },
    {
      name: 'name not an object',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: 'Graphisme' },
      status: 400,
      code: 'validation_failed',
      paths: ['/name'],
    },
    {
      name: 'over-long name',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: { fr: long(81) } },
      status: 400,
      code: 'validation_failed',
      paths: ['/name/fr'],
    },
    {
      name: 'unknown language',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: { fr: 'Graphisme', de: 'Grafik' } },
      status: 400,
      code: 'validation_failed',
      paths: ['/name/de'],
    },
    {
      name: 'negative position',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: { fr: 'Graphisme' }, position: -1 },
      status: 400,
      code: 'validation_failed',
      paths: ['/position'],
    },
    {
      name: 'position not a number',
      url: '/api/v1/teams',
      json: { slug: 'graphisme', name: { fr: 'Graphisme' }, position: 'first' },
      status: 400,
      code: 'validation_failed',
      paths: ['/position'],
    },
  ],
  'PATCH /api/v1/teams/:slug': (): ApiCase[] => [
    { name: 'unknown team', url: '/api/v1/teams/graphisme', json: { position: 3 }, status: 404, code: 'not_found' },
    { name: 'over-long slug', url: `/api/v1/teams/${long(41)}`, json: { position: 3 }, status: 400, code: 'validation_failed', paths: ['/params/slug'] },
    { name: 'nothing to change', url: '/api/v1/teams/technique', json: {}, status: 400, code: 'validation_failed' },
    { name: 'empty French name', url: '/api/v1/teams/technique', json: { name: { fr: '' } }, status: 400, code: 'validation_failed', paths: ['/name/fr'] },
    { name: 'stale version', url: '/api/v1/teams/technique', json: { position: 3, version: 99 }, status: 409, code: 'version_conflict' },
    { name: 'position too high', url: '/api/v1/teams/technique', json: { position: 1001 }, status: 400, code: 'validation_failed', paths: ['/position'] },
    { name: 'slug is not editable', url: '/api/v1/teams/technique', json: { slug: 'tech' }, status: 400, code: 'validation_failed', paths: ['/slug'] },
    {
      name: 'over-long mission',
      url: '/api/v1/teams/technique',
      json: { mission: { fr: long(4001) } },
      status: 400,
      code: 'validation_failed',
      paths: ['/mission/fr'],
    },
    { name: 'malformed JSON', url: '/api/v1/teams/technique', raw: '[', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/teams/:slug/members': (f): ApiCase[] => [
    { name: 'unknown team', url: '/api/v1/teams/graphisme/members', json: { personId: f.carol.id, role: 'member' }, status: 404, code: 'not_found' },
    {
      name: 'unknown person',
      url: '/api/v1/teams/technique/members',
      json: { personId: unknownId, role: 'member' },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
    {
      name: 'unknown role',
      url: '/api/v1/teams/technique/members',
      json: { personId: f.carol.id, role: 'boss' },
      status: 400,
      code: 'validation_failed',
      paths: ['/role'],
    },
    { name: 'missing person', url: '/api/v1/teams/technique/members', json: { role: 'member' }, status: 400, code: 'validation_failed', paths: ['/personId'] },
    {
      name: 'over-long person id',
      url: '/api/v1/teams/technique/members',
      json: { personId: long(65), role: 'member' },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
    { name: 'already on the team', url: '/api/v1/teams/technique/members', json: { personId: f.bob.id, role: 'member' }, status: 409, code: 'already_on_team' },
    { name: 'malformed JSON', url: '/api/v1/teams/technique/members', raw: '{"personId"', status: 400, code: 'malformed_json' },
  ],
  'DELETE /api/v1/teams/:slug/members/:personId': (f): ApiCase[] => [
    { name: 'unknown team', url: `/api/v1/teams/graphisme/members/${f.bob.id}`, status: 404, code: 'not_found' },
    { name: 'not on the team', url: `/api/v1/teams/technique/members/${f.carol.id}`, status: 409, code: 'not_on_team' },
    { name: 'over-long person id', url: `/api/v1/teams/technique/members/${long(65)}`, status: 400, code: 'validation_failed', paths: ['/params/personId'] },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /teams/:slug/members': (f): FormCase[] => [
    { name: 'unknown email', url: '/teams/technique/members', form: { email: 'nobody@example.org', role: 'member' }, status: 400, inline: true },
    { name: 'unknown team', url: '/teams/graphisme/members', form: { email: f.carol.email, role: 'member' }, status: 404 },
    { name: 'already on the team', url: '/teams/technique/members', form: { email: f.bob.email, role: 'member' }, status: 409, inline: true },
    { name: 'no form token', url: '/teams/technique/members', form: { email: f.carol.email, role: 'member' }, noCsrf: true, status: 403 },
  ],
  'POST /teams/:slug/members/:personId/remove': (f): FormCase[] => [
    { name: 'not on the team', url: `/teams/technique/members/${f.carol.id}/remove`, form: {}, status: 409 },
    { name: 'unknown team', url: `/teams/graphisme/members/${f.bob.id}/remove`, form: {}, status: 404 },
    { name: 'no form token', url: `/teams/technique/members/${f.bob.id}/remove`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /teams/new': (): FormCase[] => [
    { name: 'invalid slug', url: '/teams/new', form: { slug: 'Graphisme !', 'name-fr': 'Graphisme' }, status: 400, inline: true },
    { name: 'slug taken', url: '/teams/new', form: { slug: 'communaute', 'name-fr': 'Bis' }, status: 409, inline: true },
    { name: 'no French name', url: '/teams/new', form: { slug: 'graphisme', 'name-en': 'Design' }, status: 400, inline: true },
    { name: 'no form token', url: '/teams/new', form: { slug: 'graphisme', 'name-fr': 'Graphisme' }, noCsrf: true, status: 403 },
  ],
  'POST /teams/:slug/edit': (): FormCase[] => [
    { name: 'unknown team', url: '/teams/graphisme/edit', form: { 'name-fr': 'X', 'name-en': 'X' }, status: 404 },
    { name: 'empty French name', url: '/teams/technique/edit', form: { 'name-fr': '', 'name-en': 'Tech' }, status: 400, inline: true },
    { name: 'stale version', url: '/teams/technique/edit', form: { 'name-fr': 'Tech', 'name-en': 'Tech', version: '99' }, status: 409, inline: true },
    { name: 'no form token', url: '/teams/technique/edit', form: { 'name-fr': 'Tech', 'name-en': 'Tech' }, noCsrf: true, status: 403 },
  ],
  'POST /people/:id/teams': (f): FormCase[] => [
    { name: 'unknown team', url: `/people/${f.carol.id}/teams`, form: { team: 'graphisme', role: 'member' }, status: 404 },
    { name: 'no team', url: `/people/${f.carol.id}/teams`, form: { role: 'member' }, status: 400 },
    { name: 'a role that is none', url: `/people/${f.carol.id}/teams`, form: { team: 'technique', role: 'chef' }, status: 400 },
    { name: 'already on the team', url: `/people/${f.bob.id}/teams`, form: { team: 'technique', role: 'member' }, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/teams`, form: { team: 'technique', role: 'member' }, status: 404 },
    { name: 'no form token', url: `/people/${f.carol.id}/teams`, form: { team: 'technique' }, noCsrf: true, status: 403 },
  ],
};
