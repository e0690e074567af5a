/**
 * Malformed input for every write route, and the refusal each must get: the tables that
 * bad-input.test.ts walks. Each case is sent by an administrator, so only the input can be wrong.
 */
import { ADMIN_PASSWORD } from './harness.js';

export interface Fixtures {
  /** The first administrator: signed up at set-up, with a password. */
  admin: { id: string };
  bob: { id: string; email: string };
  carol: { id: string; email: string };
  /** A token of Bob's: an administrator may not revoke it as their own. */
  bobToken: string;
  /** A spare token of the administrator's (not the one the tests send). */
  spareToken: string;
  /** Carol is president since today. */
  presidentOffice: string;
  endedOffice: string;
  /** Bob declared it for Technique; it waits for review. */
  declared: string;
  /** Carol's Forgejo login "carol". */
  carolForgeAccount: string;
  /** An author a Forgejo push named whom nobody is linked to. */
  unknownAuthor: string;
  /** Carol acts as president: sessions are held by the bureau, not by administrators. */
  carolHeaders: Record<string, string>;
  /** A planned session with nothing on its agenda. */
  plannedSession: string;
  /** Open with Carol present (quorum 1 of 1): one application waits, one is decided. */
  openSession: string;
  openApplication: string;
  /** The agenda item of openApplication. */
  openItem: string;
  decidedApplication: string;
  /** Open with nobody present: quorum not reached; one application on its agenda. */
  noQuorumSession: string;
  noQuorumApplication: string;
  closedSession: string;
  withdrawnApplication: string;
  /** A webhook room at https://hooks.example.org/taken; no WEBHOOK_SECRET is configured. */
  webhookRoom: string;
  /** An outbox event waiting for delivery (not a dead letter). */
  pendingEvent: string;
  /** A draft assembly 5 days ahead (inside the notice period), and one 30 days ahead. */
  soonAssembly: string;
  draftAssembly: string;
  /** A draft 32 days ahead whose agenda is empty (the others have an item). */
  emptyAssembly: string;
  /** Convened and open (Carol holds it); nobody checked in; one resolution being voted, one proposed. */
  openAssembly: string;
  openResolution: string;
  proposedResolution: string;
  /** Requests to the teams: a question to Communauté (new), a join request to Technique, a closed question. */
  openRequest: string;
  joinRequest: string;
  closedRequest: string;
  /** The private links of openRequest and closedRequest. */
  followToken: string;
  closedFollowToken: string;
  /** Questions openRequest asked Technique: one waiting, one answered. */
  openConsultation: string;
  answeredConsultation: string;
}

/** One malformed request to a JSON route and the refusal it must get. */
export interface ApiCase {
  name: string;
  url: string;
  json?: unknown;
  /** Sent as it is, with `type` (default application/json). */
  raw?: string;
  type?: string;
  status: number;
  code: string;
  /** Field paths that `errors[]` must name. */
  paths?: string[];
  /** Sent as someone else than the administrator (a bureau member holds sessions). */
  headers?: Record<string, string>;
}

/** One malformed form submission and the page it must get. */
export interface FormCase {
  name: string;
  url: string;
  form?: Record<string, string>;
  /** Send without the form token. */
  noCsrf?: boolean;
  raw?: string;
  type?: string;
  status: number;
  /** The form is shown again with its errors. */
  inline?: boolean;
  /** Sent with these headers (a bureau member's token) instead of the administrator's browser. */
  headers?: Record<string, string>;
}

const long = (n: number) => 'x'.repeat(n);
const unknownId = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

export const apiCases: Record<string, (f: Fixtures) => ApiCase[]> = {
  // The administrator signed up at set-up: an invitation has nothing left to do for them.
  'POST /api/v1/people/:id/invitations': (f): ApiCase[] => [
    { name: 'already has a password', url: `/api/v1/people/${f.admin.id}/invitations`, json: {}, status: 409, code: 'already_signed_up' },
    { name: 'unknown id', url: `/api/v1/people/${unknownId}/invitations`, json: {}, status: 404, code: 'not_found' },
    {
      name: 'unknown field',
      url: `/api/v1/people/${f.bob.id}/invitations`,
      json: { email: 'x@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
  ],
  'POST /api/v1/people/:id/pending-email/cancel': (f): ApiCase[] => [
    { name: 'nothing waits for confirmation', url: `/api/v1/people/${f.bob.id}/pending-email/cancel`, json: {}, status: 409, code: 'no_pending_email_change' },
    { name: 'unknown id', url: `/api/v1/people/${unknownId}/pending-email/cancel`, json: {}, status: 404, code: 'not_found' },
    {
      name: 'unknown field',
      url: `/api/v1/people/${f.bob.id}/pending-email/cancel`,
      json: { email: 'x@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
  ],
  'POST /api/v1/email/confirm': (): ApiCase[] => [
    { name: 'forged token', url: '/api/v1/email/confirm', json: { token: 'a'.repeat(43) }, status: 404, code: 'invalid_email_token' },
    { name: 'no token', url: '/api/v1/email/confirm', json: {}, status: 400, code: 'validation_failed', paths: ['/token'] },
    { name: 'over-long token', url: '/api/v1/email/confirm', json: { token: long(201) }, status: 400, code: 'validation_failed', paths: ['/token'] },
  ],
  'POST /api/v1/email/cancel': (): ApiCase[] => [
    { name: 'forged token', url: '/api/v1/email/cancel', json: { token: 'a'.repeat(43) }, status: 404, code: 'invalid_email_token' },
    { name: 'no token', url: '/api/v1/email/cancel', json: {}, status: 400, code: 'validation_failed', paths: ['/token'] },
    {
      name: 'unknown field',
      url: '/api/v1/email/cancel',
      json: { token: 'a'.repeat(43), email: 'x@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
  ],
  'POST /api/v1/tokens': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/tokens', raw: '{"label": ', status: 400, code: 'malformed_json' },
    { name: 'empty JSON body', url: '/api/v1/tokens', raw: '', status: 400, code: 'malformed_json' },
    { name: 'wrong type', url: '/api/v1/tokens', json: { label: { name: 'laptop' } }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'missing label', url: '/api/v1/tokens', json: {}, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'empty label', url: '/api/v1/tokens', json: { label: '' }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'unknown field', url: '/api/v1/tokens', json: { label: 'x', scope: 'admin' }, status: 400, code: 'validation_failed', paths: ['/scope'] },
    { name: 'over-long label', url: '/api/v1/tokens', json: { label: long(81) }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'an array', url: '/api/v1/tokens', json: [], status: 400, code: 'validation_failed' },
    { name: 'XML', url: '/api/v1/tokens', raw: '<label>x</label>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
    { name: 'plain text', url: '/api/v1/tokens', raw: 'label=x', type: 'text/plain', status: 400, code: 'validation_failed' },
  ],
  'DELETE /api/v1/tokens/:id': (f): ApiCase[] => [
    { name: 'unknown id', url: `/api/v1/tokens/${unknownId}`, status: 404, code: 'not_found' },
    { name: "someone else's token", url: `/api/v1/tokens/${f.bobToken}`, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/tokens/${long(65)}`, status: 400, code: 'validation_failed', paths: ['/params/id'] },
    { name: 'malformed JSON body', url: `/api/v1/tokens/${f.spareToken}`, raw: '{', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/people': (f): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/people', raw: '{"displayName": "A", "email": }', status: 400, code: 'malformed_json' },
    { name: 'JSON null', url: '/api/v1/people', raw: 'null', status: 400, code: 'validation_failed' },
    {
      name: 'wrong types',
      url: '/api/v1/people',
      json: { displayName: ['A', 'B'], email: 'a@example.org', publicConsent: 'sometimes' },
      status: 400,
      code: 'validation_failed',
      paths: ['/displayName', '/publicConsent'],
    },
    { name: 'missing fields', url: '/api/v1/people', json: {}, status: 400, code: 'validation_failed', paths: ['/displayName', '/email'] },
    {
      name: 'unknown field',
      url: '/api/v1/people',
      json: { displayName: 'Eve', email: 'eve@example.org', isAdmin: true },
      status: 400,
      code: 'validation_failed',
      paths: ['/isAdmin'],
    },
    {
      name: 'over-long strings',
      url: '/api/v1/people',
      json: { displayName: long(121), email: `${long(250)}@example.org`, pronouns: long(41) },
      status: 400,
      code: 'validation_failed',
      paths: ['/displayName', '/email', '/pronouns'],
    },
    {
      name: 'NUL character',
      url: '/api/v1/people',
      json: { displayName: 'Eve\u0000', email: 'eve@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/displayName'],
    },
    {
      name: 'lone surrogate',
      url: '/api/v1/people',
      raw: '{"displayName": "Eve \\ud800", "email": "eve@example.org"}',
      status: 400,
      code: 'validation_failed',
      paths: ['/displayName'],
    },
    {
      name: 'blank name',
      url: '/api/v1/people',
      json: { displayName: '   ', email: 'eve@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/displayName'],
    },
    {
      name: 'invalid email',
      url: '/api/v1/people',
      json: { displayName: 'Eve', email: 'pas-une-adresse' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
    {
      name: 'unknown language',
      url: '/api/v1/people',
      json: { displayName: 'Eve', email: 'eve@example.org', locale: 'de' },
      status: 400,
      code: 'validation_failed',
      paths: ['/locale'],
    },
    {
      name: 'invalid Matrix ID',
      url: '/api/v1/people',
      json: { displayName: 'Eve', email: 'eve@example.org', matrixId: 'eve' },
      status: 400,
      code: 'validation_failed',
      paths: ['/matrixId'],
    },
    {
      name: 'duplicate email',
      url: '/api/v1/people',
      json: { displayName: 'Bob bis', email: f.bob.email.toUpperCase() },
      status: 409,
      code: 'email_taken',
      paths: ['/email'],
    },
    { name: 'XML', url: '/api/v1/people', raw: '<person/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
    { name: 'CSV', url: '/api/v1/people', raw: 'displayName,email\nEve,eve@example.org', type: 'text/csv', status: 400, code: 'validation_failed' },
  ],
  'PATCH /api/v1/people/:id': (f): ApiCase[] => [
    {
      name: 'a version beyond any integer column',
      url: `/api/v1/people/${f.bob.id}`,
      json: { pronouns: 'iel', version: 99999999999 },
      status: 400,
      code: 'validation_failed',
      paths: ['/version'],
    },
    { name: 'unknown id', url: `/api/v1/people/${unknownId}`, json: { pronouns: 'iel' }, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/people/${long(65)}`, json: { pronouns: 'iel' }, status: 400, code: 'validation_failed', paths: ['/params/id'] },
    { name: 'malformed JSON', url: `/api/v1/people/${f.bob.id}`, raw: "{pronouns: 'iel'}", status: 400, code: 'malformed_json' },
    { name: 'nothing to change', url: `/api/v1/people/${f.bob.id}`, json: {}, status: 400, code: 'validation_failed' },
    {
      name: 'version 0',
      url: `/api/v1/people/${f.bob.id}`,
      json: { pronouns: 'iel', version: 0 },
      status: 400,
      code: 'validation_failed',
      paths: ['/version'],
    },
    { name: 'version not a number', url: `/api/v1/people/${f.bob.id}`, json: { version: 'two' }, status: 400, code: 'validation_failed', paths: ['/version'] },
    { name: 'stale version', url: `/api/v1/people/${f.bob.id}`, json: { pronouns: 'iel', version: 99 }, status: 409, code: 'version_conflict' },
    { name: 'email of someone else', url: `/api/v1/people/${f.bob.id}`, json: { email: f.carol.email }, status: 409, code: 'email_taken', paths: ['/email'] },
    { name: 'invalid email', url: `/api/v1/people/${f.bob.id}`, json: { email: 'bob@' }, status: 400, code: 'validation_failed', paths: ['/email'] },
    { name: 'empty name', url: `/api/v1/people/${f.bob.id}`, json: { displayName: '' }, status: 400, code: 'validation_failed', paths: ['/displayName'] },
    { name: 'unknown field', url: `/api/v1/people/${f.bob.id}`, json: { id: 'x' }, status: 400, code: 'validation_failed', paths: ['/id'] },
    {
      name: 'wrong type',
      url: `/api/v1/people/${f.bob.id}`,
      json: { publicConsent: 'yes' },
      status: 400,
      code: 'validation_failed',
      paths: ['/publicConsent'],
    },
  ],
  'POST /api/v1/people/import': (): ApiCase[] => [
    {
      name: 'unclosed quote',
      url: '/api/v1/people/import',
      raw: 'displayName,email\n"Alice,alice@example.org\n',
      type: 'text/csv',
      status: 400,
      code: 'invalid_csv',
    },
    {
      name: 'stray quote',
      url: '/api/v1/people/import',
      raw: 'displayName,email\nAl"ice,alice@example.org\n',
      type: 'text/csv',
      status: 400,
      code: 'invalid_csv',
    },
    { name: 'XML', url: '/api/v1/people/import', raw: '<people/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
    { name: 'a JSON object', url: '/api/v1/people/import', json: { csv: 'displayName,email' }, status: 400, code: 'validation_failed' },
    {
      name: 'dryRun not a boolean',
      url: '/api/v1/people/import?dryRun=perhaps',
      raw: 'displayName,email\nAlice,alice@example.org\n',
      type: 'text/csv',
      status: 400,
      code: 'validation_failed',
      paths: ['/querystring/dryRun'],
    },
    {
      name: 'unknown query parameter',
      url: '/api/v1/people/import?format=paheko',
      raw: 'displayName,email\nAlice,alice@example.org\n',
      type: 'text/csv',
      status: 400,
      code: 'validation_failed',
      paths: ['/querystring/format'],
    },
  ],
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
  'POST /api/v1/bureau/members': (f): ApiCase[] => [
    {
      name: 'unknown office',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'king' },
      status: 400,
      code: 'validation_failed',
      paths: ['/office'],
    },
    {
      name: 'since not a date',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', since: 'yesterday' },
      status: 400,
      code: 'validation_failed',
      paths: ['/since'],
    },
    {
      name: 'since an impossible date',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', since: '2026-02-30' },
      status: 400,
      code: 'validation_failed',
      paths: ['/since'],
    },
    {
      name: 'unknown person',
      url: '/api/v1/bureau/members',
      json: { personId: unknownId, office: 'member' },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
    {
      name: 'office held by another',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'president' },
      status: 409,
      code: 'office_already_held',
    },
    {
      name: 'office already held',
      url: '/api/v1/bureau/members',
      json: { personId: f.carol.id, office: 'president' },
      status: 409,
      code: 'office_already_held',
    },
    { name: 'missing office', url: '/api/v1/bureau/members', json: { personId: f.bob.id }, status: 400, code: 'validation_failed', paths: ['/office'] },
    {
      name: 'unknown field',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', until: '2030-01-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    { name: 'malformed JSON', url: '/api/v1/bureau/members', raw: 'office=member', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/bureau/changes/:id/confirm': (): ApiCase[] => [
    { name: 'unknown change', url: `/api/v1/bureau/changes/${unknownId}/confirm`, json: {}, status: 404, code: 'not_found' },
    { name: 'unknown field', url: `/api/v1/bureau/changes/${unknownId}/confirm`, json: { force: true }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/bureau/changes/:id/cancel': (): ApiCase[] => [
    { name: 'unknown change', url: `/api/v1/bureau/changes/${unknownId}/cancel`, json: {}, status: 404, code: 'not_found' },
    { name: 'unknown field', url: `/api/v1/bureau/changes/${unknownId}/cancel`, json: { force: true }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/bureau/members/:id/end': (f): ApiCase[] => [
    { name: 'unknown office', url: `/api/v1/bureau/members/${unknownId}/end`, json: {}, status: 404, code: 'not_found' },
    { name: 'office already ended', url: `/api/v1/bureau/members/${f.endedOffice}/end`, json: {}, status: 404, code: 'not_found' },
    {
      name: 'until not a date',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: 'soon' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'until an impossible date',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: '2026-13-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'until before since',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: '2000-01-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'unknown field',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { reason: 'tired' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'over-long id', url: `/api/v1/bureau/members/${long(65)}/end`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
    { name: 'malformed JSON', url: `/api/v1/bureau/members/${f.presidentOffice}/end`, raw: '{"until": 2026-01-01}', status: 400, code: 'malformed_json' },
  ],
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
  'POST /api/v1/applications': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/applications', raw: '{"motivation": ', status: 400, code: 'malformed_json' },
    { name: 'no motivation', url: '/api/v1/applications', json: {}, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    { name: 'empty motivation', url: '/api/v1/applications', json: { motivation: '' }, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    { name: 'blank motivation', url: '/api/v1/applications', json: { motivation: '   ' }, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    {
      name: 'over-long motivation',
      url: '/api/v1/applications',
      json: { motivation: long(5001) },
      status: 400,
      code: 'validation_failed',
      paths: ['/motivation'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/applications',
      json: { motivation: 'x', status: 'accepted' },
      status: 400,
      code: 'validation_failed',
      paths: ['/status'],
    },
    // The administrator is on no team and has recorded nothing: not an active contributor.
    { name: 'not an active contributor', url: '/api/v1/applications', json: { motivation: 'Je veux voter' }, status: 422, code: 'not_active_contributor' },
  ],
  'POST /api/v1/applications/:id/withdraw': (f): ApiCase[] => [
    { name: 'unknown id', url: `/api/v1/applications/${unknownId}/withdraw`, status: 404, code: 'not_found' },
    { name: 'already withdrawn', url: `/api/v1/applications/${f.withdrawnApplication}/withdraw`, status: 409, code: 'application_closed' },
    { name: 'already decided', url: `/api/v1/applications/${f.decidedApplication}/withdraw`, status: 409, code: 'application_closed' },
  ],
  'POST /api/v1/applications/:id/rapporteur': (f): ApiCase[] => [
    {
      name: 'no body',
      url: `/api/v1/applications/${f.openApplication}/rapporteur`,
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/rapporteurId'],
    },
    {
      name: 'not on the bureau',
      url: `/api/v1/applications/${f.openApplication}/rapporteur`,
      json: { rapporteurId: f.bob.id },
      status: 400,
      code: 'validation_failed',
      paths: ['/rapporteurId'],
    },
    { name: 'unknown application', url: `/api/v1/applications/${unknownId}/rapporteur`, json: { rapporteurId: null }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/bureau/sessions': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/bureau/sessions', raw: '{"scheduledAt": ', status: 400, code: 'malformed_json' },
    { name: 'no date', url: '/api/v1/bureau/sessions', json: {}, status: 400, code: 'validation_failed', paths: ['/scheduledAt'] },
    {
      name: 'not a date',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: 'mardi prochain' },
      status: 400,
      code: 'validation_failed',
      paths: ['/scheduledAt'],
    },
    {
      name: 'impossible date',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: '2026-02-31T19:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/scheduledAt'],
    },
    {
      name: 'video link that is not http',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: '2027-01-05T19:00:00Z', videoUrl: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/videoUrl'],
    },
    {
      name: 'five-minute session',
      url: '/api/v1/bureau/sessions',
      json: { scheduledAt: '2027-01-05T19:00:00Z', durationMinutes: 5 },
      status: 400,
      code: 'validation_failed',
      paths: ['/durationMinutes'],
    },
  ],
  'POST /api/v1/bureau/sessions/:id/open': (f): ApiCase[] => [
    {
      name: 'unknown session',
      url: `/api/v1/bureau/sessions/${unknownId}/open`,
      json: { presentPersonIds: [] },
      headers: f.carolHeaders,
      status: 404,
      code: 'not_found',
    },
    {
      name: 'presence not a list',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/open`,
      json: { presentPersonIds: { [f.carol.id]: true } },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/presentPersonIds'],
    },
    {
      name: 'someone not on the bureau',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/open`,
      json: { presentPersonIds: [f.carol.id, f.bob.id] },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/presentPersonIds/1'],
    },
    {
      name: 'the same person twice',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/open`,
      json: { presentPersonIds: [f.carol.id, f.carol.id] },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/presentPersonIds'],
    },
    {
      name: 'already open',
      url: `/api/v1/bureau/sessions/${f.openSession}/open`,
      json: { presentPersonIds: [f.carol.id] },
      headers: f.carolHeaders,
      status: 409,
      code: 'session_not_planned',
    },
  ],
  'POST /api/v1/bureau/sessions/:id/decisions': (f): ApiCase[] => {
    const at = (session: string) => `/api/v1/bureau/sessions/${session}/decisions`;
    const h = f.carolHeaders;
    return [
      {
        name: 'planned session',
        url: at(f.plannedSession),
        json: { applicationId: f.openApplication, outcome: 'accepted' },
        headers: h,
        status: 409,
        code: 'session_not_open',
      },
      {
        name: 'closed session',
        url: at(f.closedSession),
        json: { applicationId: f.openApplication, outcome: 'accepted' },
        headers: h,
        status: 409,
        code: 'session_not_open',
      },
      {
        name: 'no quorum',
        url: at(f.noQuorumSession),
        json: { applicationId: f.noQuorumApplication, outcome: 'accepted' },
        headers: h,
        status: 422,
        code: 'quorum_not_reached',
      },
      {
        name: 'already decided',
        url: at(f.openSession),
        json: { applicationId: f.decidedApplication, outcome: 'accepted' },
        headers: h,
        status: 409,
        code: 'already_decided',
      },
      {
        name: 'rejection without rationale',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'rejected' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/rationale'],
      },
      {
        name: 'rejection with a blank rationale',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'rejected', rationale: '  ' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/rationale'],
      },
      {
        name: 'unknown outcome',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'maybe' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/outcome'],
      },
      {
        name: 'negative votes',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'accepted', votes: { for: -1, against: 0, abstain: 0 } },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/votes/for'],
      },
      {
        name: 'more votes than members present',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'accepted', votes: { for: 3, against: 0, abstain: 0 } },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/votes'],
      },
      {
        name: 'votes that contradict the outcome',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, outcome: 'accepted', votes: { for: 0, against: 1, abstain: 0 } },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/votes'],
      },
      {
        name: 'application not on this agenda',
        url: at(f.openSession),
        json: { applicationId: f.noQuorumApplication, outcome: 'accepted' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/applicationId'],
      },
      {
        name: 'unknown session',
        url: at(unknownId),
        json: { applicationId: f.openApplication, outcome: 'accepted' },
        headers: h,
        status: 404,
        code: 'not_found',
      },
      { name: 'malformed JSON', url: at(f.openSession), raw: '{"outcome":', headers: h, status: 400, code: 'malformed_json' },
      {
        name: 'both an application and an item',
        url: at(f.openSession),
        json: { applicationId: f.openApplication, agendaItemId: f.openItem, outcome: 'accepted' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/agendaItemId'],
      },
      { name: 'neither', url: at(f.openSession), json: { outcome: 'accepted' }, headers: h, status: 400, code: 'validation_failed', paths: ['/applicationId'] },
      {
        name: 'a membership outcome on an application',
        url: at(f.openSession),
        json: { agendaItemId: f.openItem, outcome: 'lapse_confirmed' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/outcome'],
      },
      {
        name: 'an item of another session',
        url: at(f.openSession),
        json: { agendaItemId: unknownId, outcome: 'deferred' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/agendaItemId'],
      },
    ];
  },
  'POST /api/v1/people/:id/membership/resign': (f): ApiCase[] => [
    // Nobody resigns someone else, not even an administrator.
    { name: 'someone else', url: `/api/v1/people/${f.bob.id}/membership/resign`, status: 403, code: 'forbidden' },
    { name: 'unknown person', url: `/api/v1/people/${unknownId}/membership/resign`, status: 403, code: 'forbidden' },
    { name: 'over-long id', url: `/api/v1/people/${long(65)}/membership/resign`, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
  'POST /api/v1/rooms': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/rooms', raw: '{"provider":', status: 400, code: 'malformed_json' },
    {
      name: 'no provider',
      url: '/api/v1/rooms',
      json: { address: 'https://hooks.example.org/x', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/provider'],
    },
    {
      name: 'unknown provider',
      url: '/api/v1/rooms',
      json: { provider: 'irc', address: '#membres', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/provider'],
    },
    {
      name: 'not a Matrix room',
      url: '/api/v1/rooms',
      json: { provider: 'matrix', address: 'membres', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'not an XMPP room',
      url: '/api/v1/rooms',
      json: { provider: 'xmpp', address: 'https://x.org', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'webhook not over HTTP',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'ftp://hooks.example.org', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'unknown audience',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/y', audience: 'everyone' },
      status: 400,
      code: 'validation_failed',
      paths: ['/audience'],
    },
    {
      name: 'unknown team',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/z', audience: 'team:nope' },
      status: 400,
      code: 'validation_failed',
      paths: ['/audience'],
    },
    {
      name: 'already registered',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/taken', audience: 'members' },
      status: 409,
      code: 'room_exists',
    },
    {
      name: 'over-long address',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: `https://hooks.example.org/${long(500)}`, audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/w', audience: 'members', token: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/token'],
    },
  ],
  'POST /api/v1/rooms/:id/reconcile': (f): ApiCase[] => [
    { name: 'unknown room', url: `/api/v1/rooms/${unknownId}/reconcile`, json: {}, status: 404, code: 'not_found' },
    { name: 'provider without credentials', url: `/api/v1/rooms/${f.webhookRoom}/reconcile`, json: {}, status: 422, code: 'provider_not_configured' },
    { name: 'over-long id', url: `/api/v1/rooms/${long(65)}/reconcile`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
  'POST /api/v1/outbox/:id/retry': (f): ApiCase[] => [
    { name: 'not a dead letter', url: `/api/v1/outbox/${f.pendingEvent}/retry`, json: {}, status: 409, code: 'not_dead_letter' },
    { name: 'unknown event', url: `/api/v1/outbox/${unknownId}/retry`, json: {}, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/outbox/${long(65)}/retry`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
  'POST /api/v1/assemblies': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/assemblies', raw: '{"kind":', status: 400, code: 'malformed_json' },
    {
      name: 'no title',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'unknown kind',
      url: '/api/v1/assemblies',
      json: { kind: 'annual', title: 'AG', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/kind'],
    },
    {
      name: 'not an instant',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: 'juin prochain' },
      status: 400,
      code: 'validation_failed',
      paths: ['/scheduledAt'],
    },
    {
      name: 'blank title',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: '   ', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'video link not http',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: '2027-06-01T18:00:00Z', videoUrl: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/videoUrl'],
    },
  ],
  'POST /api/v1/assemblies/:id/items': (f): ApiCase[] => [
    { name: 'no title', url: `/api/v1/assemblies/${f.draftAssembly}/items`, json: {}, status: 400, code: 'validation_failed', paths: ['/title'] },
    { name: 'unknown assembly', url: `/api/v1/assemblies/${unknownId}/items`, json: { title: 'Rapport' }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/assemblies/:id/documents': (f): ApiCase[] => [
    {
      name: 'not a link',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents`,
      json: { title: 'Rapport', url: 'rapport.pdf' },
      status: 400,
      code: 'validation_failed',
      paths: ['/url'],
    },
    {
      name: 'no title',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents`,
      json: { url: 'https://example.org/r.pdf' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
  ],
  'POST /api/v1/assemblies/:id/convene': (f): ApiCase[] => [
    { name: 'inside the notice period', url: `/api/v1/assemblies/${f.soonAssembly}/convene`, json: {}, status: 422, code: 'notice_period_too_short' },
    {
      name: 'forced without a reason',
      url: `/api/v1/assemblies/${f.soonAssembly}/convene`,
      json: { force: true, reason: ' ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'already convened', url: `/api/v1/assemblies/${f.openAssembly}/convene`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'empty agenda', url: `/api/v1/assemblies/${f.emptyAssembly}/convene`, json: {}, status: 422, code: 'empty_agenda' },
    {
      name: 'unknown field',
      url: `/api/v1/assemblies/${f.draftAssembly}/convene`,
      json: { when: 'now' },
      status: 400,
      code: 'validation_failed',
      paths: ['/when'],
    },
  ],
  'POST /api/v1/assemblies/:id/rsvp': (f): ApiCase[] => [
    {
      name: 'not an answer',
      url: `/api/v1/assemblies/${f.openAssembly}/rsvp`,
      json: { answer: 'peut-être' },
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    { name: 'not invited', url: `/api/v1/assemblies/${f.openAssembly}/rsvp`, json: { answer: 'yes' }, status: 422, code: 'not_invited' },
  ],
  'POST /api/v1/assemblies/:id/proxy': (f): ApiCase[] => [
    { name: 'no holder field', url: `/api/v1/assemblies/${f.openAssembly}/proxy`, json: {}, status: 400, code: 'validation_failed', paths: ['/holderId'] },
    { name: 'not a voter', url: `/api/v1/assemblies/${f.openAssembly}/proxy`, json: { holderId: f.bob.id }, status: 422, code: 'not_a_voter' },
  ],
  'POST /api/v1/assemblies/:id/open': (f): ApiCase[] => [
    { name: 'a draft', url: `/api/v1/assemblies/${f.draftAssembly}/open`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
    { name: 'already open', url: `/api/v1/assemblies/${f.openAssembly}/open`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/assemblies/:id/check-in': (f): ApiCase[] => [
    {
      name: 'not invited',
      url: `/api/v1/assemblies/${f.openAssembly}/check-in`,
      json: { personId: unknownId },
      headers: f.carolHeaders,
      status: 422,
      code: 'not_invited',
    },
    {
      name: 'not open',
      url: `/api/v1/assemblies/${f.draftAssembly}/check-in`,
      json: { personId: f.bob.id },
      headers: f.carolHeaders,
      status: 409,
      code: 'assembly_not_open',
    },
    {
      name: 'no person',
      url: `/api/v1/assemblies/${f.openAssembly}/check-in`,
      json: {},
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions': (f): ApiCase[] => [
    {
      name: 'unknown majority',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions`,
      json: { title: 'X', majority: 'unanimity' },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/majority'],
    },
    {
      name: 'blank title',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions`,
      json: { title: ' ', majority: 'simple' },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': (f): ApiCase[] => [
    {
      name: 'already open',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/open`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'illegal_transition',
    },
    {
      name: 'unknown resolution',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${unknownId}/open`,
      json: {},
      headers: f.carolHeaders,
      status: 404,
      code: 'not_found',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': (f): ApiCase[] => [
    {
      name: 'not a choice',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`,
      json: { choice: 'oui' },
      status: 400,
      code: 'validation_failed',
      paths: ['/choice'],
    },
    {
      name: 'not a voter',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`,
      json: { choice: 'for' },
      status: 422,
      code: 'not_a_voter',
    },
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/vote`,
      json: { choice: 'for' },
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': (f): ApiCase[] => [
    {
      name: 'negative',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      json: { for: -1, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/for'],
    },
    {
      name: 'more votes than voters present',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      json: { for: 5, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/counts`,
      json: { for: 0, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': (f): ApiCase[] => [
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/close`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'POST /api/v1/assemblies/:id/close': (f): ApiCase[] => [
    {
      name: 'a resolution still being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/close`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'illegal_transition',
    },
    { name: 'a draft', url: `/api/v1/assemblies/${f.draftAssembly}/close`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/assemblies/rsvp/:token': (): ApiCase[] => [
    { name: 'forged link', url: '/api/v1/assemblies/rsvp/abc.def', json: { answer: 'yes' }, status: 404, code: 'invalid_rsvp_token' },
    { name: 'not an answer', url: '/api/v1/assemblies/rsvp/abc.def', json: { answer: 'oui' }, status: 400, code: 'validation_failed', paths: ['/answer'] },
  ],
  'POST /api/v1/lifecycle/run': (): ApiCase[] => [
    { name: 'month 13', url: '/api/v1/lifecycle/run', json: { date: '2026-13-01' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'impossible day', url: '/api/v1/lifecycle/run', json: { date: '2027-02-31' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'not a date', url: '/api/v1/lifecycle/run', json: { date: 'demain' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'unknown field', url: '/api/v1/lifecycle/run', json: { when: '2027-01-01' }, status: 400, code: 'validation_failed', paths: ['/when'] },
    { name: 'malformed JSON', url: '/api/v1/lifecycle/run', raw: '{"date":', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/bureau/sessions/:id/close': (f): ApiCase[] => [
    { name: 'planned session', url: `/api/v1/bureau/sessions/${f.plannedSession}/close`, headers: f.carolHeaders, status: 409, code: 'session_not_open' },
    { name: 'closed session', url: `/api/v1/bureau/sessions/${f.closedSession}/close`, headers: f.carolHeaders, status: 409, code: 'session_not_open' },
    { name: 'unknown session', url: `/api/v1/bureau/sessions/${unknownId}/close`, headers: f.carolHeaders, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/bureau/sessions/:id/agenda': (f): ApiCase[] => [
    { name: 'no title', url: `/api/v1/bureau/sessions/${f.plannedSession}/agenda`, json: {}, status: 400, code: 'validation_failed', paths: ['/title'] },
    {
      name: 'blank title',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/agenda`,
      json: { title: ' ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'over-long title',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/agenda`,
      json: { title: long(201) },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    { name: 'closed session', url: `/api/v1/bureau/sessions/${f.closedSession}/agenda`, json: { title: 'Trop tard' }, status: 409, code: 'session_not_open' },
    { name: 'unknown session', url: `/api/v1/bureau/sessions/${unknownId}/agenda`, json: { title: 'Budget' }, status: 404, code: 'not_found' },
    {
      name: 'about someone who is not a member',
      url: `/api/v1/bureau/sessions/${f.plannedSession}/agenda`,
      json: { title: 'Exclusion', personId: f.bob.id },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
  ],
  'POST /api/v1/bureau/sessions/:id/agenda/order': (f): ApiCase[] => [
    {
      name: 'empty order',
      url: `/api/v1/bureau/sessions/${f.openSession}/agenda/order`,
      json: { itemIds: [] },
      status: 400,
      code: 'validation_failed',
      paths: ['/itemIds'],
    },
    {
      name: 'not the items of this agenda',
      url: `/api/v1/bureau/sessions/${f.openSession}/agenda/order`,
      json: { itemIds: [unknownId] },
      status: 400,
      code: 'validation_failed',
      paths: ['/itemIds'],
    },
    {
      name: 'closed session',
      url: `/api/v1/bureau/sessions/${f.closedSession}/agenda/order`,
      json: { itemIds: [unknownId] },
      status: 409,
      code: 'session_not_open',
    },
  ],
  'PUT /api/v1/bureau/recurrence': (): ApiCase[] => [
    { name: 'no rule', url: '/api/v1/bureau/recurrence', json: {}, status: 400, code: 'validation_failed', paths: ['/rrule'] },
    {
      name: 'daily sessions',
      url: '/api/v1/bureau/recurrence',
      json: { rrule: 'FREQ=DAILY;BYHOUR=20' },
      status: 400,
      code: 'validation_failed',
      paths: ['/rrule'],
    },
    { name: 'not an RRULE', url: '/api/v1/bureau/recurrence', json: { rrule: 'le premier mardi' }, status: 400, code: 'validation_failed', paths: ['/rrule'] },
    {
      name: 'unknown time zone',
      url: '/api/v1/bureau/recurrence',
      json: { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20', timezone: 'Mars/Olympus_Mons' },
      status: 400,
      code: 'validation_failed',
      paths: ['/timezone'],
    },
    {
      name: 'no session ahead',
      url: '/api/v1/bureau/recurrence',
      json: { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20', sessionsAhead: 0 },
      status: 400,
      code: 'validation_failed',
      paths: ['/sessionsAhead'],
    },
  ],
  // The association under test configures no webhook secret: every hook is unsigned for it.
  'POST /api/v1/hooks/forgejo': (): ApiCase[] => [
    { name: 'unsigned push', url: '/api/v1/hooks/forgejo', json: { commits: [] }, status: 401, code: 'invalid_signature' },
    { name: 'malformed JSON, unsigned', url: '/api/v1/hooks/forgejo', raw: '{"ref": ', status: 401, code: 'invalid_signature' },
    { name: 'empty body', url: '/api/v1/hooks/forgejo', raw: '', status: 401, code: 'invalid_signature' },
    {
      name: 'form-encoded payload',
      url: '/api/v1/hooks/forgejo',
      raw: 'payload=%7B%7D',
      type: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'unsupported_media_type',
    },
    { name: 'XML', url: '/api/v1/hooks/forgejo', raw: '<push/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
  ],
  'POST /api/v1/hooks/gitlab': (): ApiCase[] => [
    { name: 'no token', url: '/api/v1/hooks/gitlab', json: { object_kind: 'push', commits: [] }, status: 401, code: 'invalid_signature' },
    { name: 'malformed JSON, no token', url: '/api/v1/hooks/gitlab', raw: '{"object_kind": ', status: 401, code: 'invalid_signature' },
    { name: 'plain text', url: '/api/v1/hooks/gitlab', raw: 'push', type: 'text/plain', status: 415, code: 'unsupported_media_type' },
  ],
  'POST /api/v1/people/:id/forge-accounts': (f): ApiCase[] => {
    const url = `/api/v1/people/${f.bob.id}/forge-accounts`;
    return [
      { name: 'malformed JSON', url, raw: '{"forge": ', status: 400, code: 'malformed_json' },
      { name: 'unknown forge', url, json: { forge: 'github', identity: 'bob' }, status: 400, code: 'validation_failed', paths: ['/forge'] },
      { name: 'missing identity', url, json: { forge: 'gitlab' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'empty identity', url, json: { forge: 'gitlab', identity: '' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'login with a space', url, json: { forge: 'gitlab', identity: 'bob martin' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'email without @', url, json: { forge: 'email', identity: 'bob.example.org' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'over-long identity', url, json: { forge: 'gitlab', identity: long(255) }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'unknown field', url, json: { forge: 'gitlab', identity: 'bob', verified: true }, status: 400, code: 'validation_failed', paths: ['/verified'] },
      { name: "Carol's login", url, json: { forge: 'forgejo', identity: 'CAROL' }, status: 409, code: 'forge_account_taken', paths: ['/identity'] },
      { name: "Carol's record email", url, json: { forge: 'email', identity: f.carol.email }, status: 409, code: 'forge_account_taken', paths: ['/identity'] },
      { name: 'unknown person', url: `/api/v1/people/${unknownId}/forge-accounts`, json: { forge: 'gitlab', identity: 'x' }, status: 404, code: 'not_found' },
    ];
  },
  'DELETE /api/v1/people/:id/forge-accounts/:accountId': (f): ApiCase[] => [
    { name: 'unknown account', url: `/api/v1/people/${f.bob.id}/forge-accounts/${unknownId}`, status: 404, code: 'not_found' },
    { name: "Carol's account under Bob", url: `/api/v1/people/${f.bob.id}/forge-accounts/${f.carolForgeAccount}`, status: 404, code: 'not_found' },
    {
      name: 'over-long account id',
      url: `/api/v1/people/${f.carol.id}/forge-accounts/${long(65)}`,
      status: 400,
      code: 'validation_failed',
      paths: ['/params/accountId'],
    },
    { name: 'unknown person', url: `/api/v1/people/${unknownId}/forge-accounts/${f.carolForgeAccount}`, status: 404, code: 'not_found' },
  ],
  // Erasure (privacy): Bob could be erased, so every case here must be refused before anything is written.
  'POST /api/v1/people/:id/erase': (f): ApiCase[] => {
    const url = `/api/v1/people/${f.bob.id}/erase`;
    return [
      { name: 'malformed JSON', url, raw: '{"confirm": ', status: 400, code: 'malformed_json' },
      { name: 'no body fields', url, json: {}, status: 400, code: 'validation_failed', paths: ['/confirm', '/reason'] },
      { name: 'unknown reason', url, json: { confirm: 'Bob Martin', reason: 'whim' }, status: 400, code: 'validation_failed', paths: ['/reason'] },
      {
        name: 'unknown field',
        url,
        json: { confirm: 'Bob Martin', reason: 'request', force: true },
        status: 400,
        code: 'validation_failed',
        paths: ['/force'],
      },
      { name: 'over-long confirmation', url, json: { confirm: long(201), reason: 'request' }, status: 400, code: 'validation_failed', paths: ['/confirm'] },
      {
        name: 'NUL in the confirmation',
        url,
        json: { confirm: 'Bob\u0000Martin', reason: 'request' },
        status: 400,
        code: 'validation_failed',
        paths: ['/confirm'],
      },
      { name: 'not the name', url, json: { confirm: 'Robert', reason: 'request' }, status: 400, code: 'validation_failed', paths: ['/confirm'] },
      { name: 'unknown person', url: `/api/v1/people/${unknownId}/erase`, json: { confirm: 'X', reason: 'request' }, status: 404, code: 'not_found' },
      {
        name: 'over-long id',
        url: `/api/v1/people/${long(65)}/erase`,
        json: { confirm: 'X', reason: 'request' },
        status: 400,
        code: 'validation_failed',
        paths: ['/params/id'],
      },
      {
        name: 'a president in office',
        url: `/api/v1/people/${f.carol.id}/erase`,
        json: { confirm: 'Carol Durand', reason: 'request' },
        status: 409,
        code: 'active_bureau_member',
      },
    ];
  },
  'POST /api/v1/requests': (): ApiCase[] => [
    {
      name: 'nothing',
      url: '/api/v1/requests',
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/email', '/category', '/subject', '/message'],
    },
    {
      name: 'not an email',
      url: '/api/v1/requests',
      json: { email: 'ana@', category: 'question', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
    {
      name: 'unknown category',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'spam', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/category'],
    },
    {
      name: 'join without a team',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'join', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'join an unknown team',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'join', teamSlug: 'cuisine', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'a link that is not http',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M', link: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/link'],
    },
    {
      name: 'blank subject',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: '   ', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/subject'],
    },
    {
      name: 'over-long message',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: long(5001) },
      status: 400,
      code: 'validation_failed',
      paths: ['/message'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M', priority: 'high' },
      status: 400,
      code: 'validation_failed',
      paths: ['/priority'],
    },
    { name: 'malformed JSON', url: '/api/v1/requests', raw: '{"email":', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/requests/consultations/:id/answer': (f): ApiCase[] => [
    {
      name: 'no answer',
      url: `/api/v1/requests/consultations/${f.openConsultation}/answer`,
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    {
      name: 'blank answer',
      url: `/api/v1/requests/consultations/${f.openConsultation}/answer`,
      json: { answer: '  ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    {
      name: 'already answered',
      url: `/api/v1/requests/consultations/${f.answeredConsultation}/answer`,
      json: { answer: 'Encore' },
      status: 409,
      code: 'already_decided',
    },
    { name: 'unknown question', url: `/api/v1/requests/consultations/${unknownId}/answer`, json: { answer: 'Oui' }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/follow/:token/replies': (f): ApiCase[] => [
    { name: 'forged link', url: `/api/v1/requests/follow/${'a'.repeat(43)}/replies`, json: { body: 'Hop' }, status: 404, code: 'invalid_follow_token' },
    {
      name: "a request's id as the link",
      url: `/api/v1/requests/follow/${f.openRequest}/replies`,
      json: { body: 'Hop' },
      status: 404,
      code: 'invalid_follow_token',
    },
    { name: 'no body', url: `/api/v1/requests/follow/${f.followToken}/replies`, json: {}, status: 400, code: 'validation_failed', paths: ['/body'] },
    {
      name: 'blank body',
      url: `/api/v1/requests/follow/${f.followToken}/replies`,
      json: { body: ' \n ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/body'],
    },
    { name: 'closed request', url: `/api/v1/requests/follow/${f.closedFollowToken}/replies`, json: { body: 'Merci' }, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/requests/:id/replies': (f): ApiCase[] => [
    { name: 'no body', url: `/api/v1/requests/${f.openRequest}/replies`, json: {}, status: 400, code: 'validation_failed', paths: ['/body'] },
    {
      name: 'internal not a boolean',
      url: `/api/v1/requests/${f.openRequest}/replies`,
      json: { body: 'x', internal: 'maybe' },
      status: 400,
      code: 'validation_failed',
      paths: ['/internal'],
    },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/replies`, json: { body: 'Bonjour' }, status: 409, code: 'illegal_transition' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/replies`, json: { body: 'Bonjour' }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/:id/assign': (f): ApiCase[] => [
    // The administrator is on no team: a request can be given only to someone on its team.
    { name: 'to oneself, off the team', url: `/api/v1/requests/${f.openRequest}/assign`, json: {}, status: 409, code: 'not_on_team' },
    { name: 'to someone off the team', url: `/api/v1/requests/${f.openRequest}/assign`, json: { personId: f.bob.id }, status: 409, code: 'not_on_team' },
    { name: 'to nobody known', url: `/api/v1/requests/${f.openRequest}/assign`, json: { personId: unknownId }, status: 409, code: 'not_on_team' },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/assign`, json: { personId: null }, status: 409, code: 'illegal_transition' },
    { name: 'unknown field', url: `/api/v1/requests/${f.openRequest}/assign`, json: { to: 'me' }, status: 400, code: 'validation_failed', paths: ['/to'] },
  ],
  'POST /api/v1/requests/:id/consult': (f): ApiCase[] => [
    {
      name: 'its own team',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'communaute', question: 'Q' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'unknown team',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'cuisine', question: 'Q' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'no question',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'technique' },
      status: 400,
      code: 'validation_failed',
      paths: ['/question'],
    },
    {
      name: 'closed request',
      url: `/api/v1/requests/${f.closedRequest}/consult`,
      json: { teamSlug: 'technique', question: 'Q' },
      status: 409,
      code: 'illegal_transition',
    },
  ],
  'POST /api/v1/requests/:id/resolve': (f): ApiCase[] => [
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/resolve`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'a body', url: `/api/v1/requests/${f.openRequest}/resolve`, json: { status: 'resolved' }, status: 400, code: 'validation_failed' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/resolve`, json: {}, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/:id/reopen': (f): ApiCase[] => [
    { name: 'not resolved', url: `/api/v1/requests/${f.openRequest}/reopen`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/reopen`, json: {}, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/requests/:id/close': (f): ApiCase[] => [
    { name: 'already closed', url: `/api/v1/requests/${f.closedRequest}/close`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'a body', url: `/api/v1/requests/${f.openRequest}/close`, json: { reason: 'spam' }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/requests/:id/accept-join': (f): ApiCase[] => [
    { name: 'not a join request', url: `/api/v1/requests/${f.openRequest}/accept-join`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/accept-join`, json: {}, status: 404, code: 'not_found' },
    { name: 'a body', url: `/api/v1/requests/${f.joinRequest}/accept-join`, json: { role: 'lead' }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/requests/:id/refuse-join': (f): ApiCase[] => [
    { name: 'no reason', url: `/api/v1/requests/${f.joinRequest}/refuse-join`, json: {}, status: 400, code: 'validation_failed', paths: ['/reason'] },
    {
      name: 'blank reason',
      url: `/api/v1/requests/${f.joinRequest}/refuse-join`,
      json: { reason: '  ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'not a join request', url: `/api/v1/requests/${f.openRequest}/refuse-join`, json: { reason: 'Non' }, status: 409, code: 'illegal_transition' },
  ],
};

export const formCases: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /email/confirm': (): FormCase[] => [
    { name: 'forged token', url: '/email/confirm', form: { token: 'a'.repeat(43) }, status: 404 },
    { name: 'no token', url: '/email/confirm', form: {}, status: 404 },
    { name: 'no form token', url: '/email/confirm', form: { token: 'a'.repeat(43) }, noCsrf: true, status: 403 },
  ],
  'POST /email/cancel': (): FormCase[] => [
    { name: 'forged token', url: '/email/cancel', form: { token: 'a'.repeat(43) }, status: 404 },
    { name: 'no form token', url: '/email/cancel', form: { token: 'a'.repeat(43) }, noCsrf: true, status: 403 },
  ],
  'POST /people/:id/invitation': (f): FormCase[] => [
    { name: 'already has a password', url: `/people/${f.admin.id}/invitation`, form: {}, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/invitation`, form: {}, status: 404 },
    { name: 'no form token', url: `/people/${f.bob.id}/invitation`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /people/:id/email/cancel': (f): FormCase[] => [
    { name: 'nothing waits for confirmation', url: `/people/${f.bob.id}/email/cancel`, form: {}, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/email/cancel`, form: {}, status: 404 },
    { name: 'no form token', url: `/people/${f.bob.id}/email/cancel`, form: {}, noCsrf: true, status: 403 },
  ],
  // The administrator is not a member: nothing to resign from (the missing box is tested with a member in memberships/pages.test.ts).
  'POST /membership/resign': (): FormCase[] => [
    { name: 'not a member, confirmed', url: '/membership/resign', form: { confirm: 'yes' }, status: 409 },
    { name: 'not a member, not confirmed', url: '/membership/resign', form: {}, status: 409 },
    { name: 'no form token', url: '/membership/resign', form: { confirm: 'yes' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/membership/resign', raw: '{"confirm":', type: 'application/json', status: 400 },
  ],
  'POST /membership/apply': (): FormCase[] => [
    { name: 'empty motivation', url: '/membership/apply', form: { motivation: '' }, status: 400, inline: true },
    { name: 'over-long motivation', url: '/membership/apply', form: { motivation: long(5001) }, status: 400, inline: true },
    // The administrator is on no team and recorded nothing: not an active contributor.
    { name: 'not an active contributor', url: '/membership/apply', form: { motivation: 'Je veux voter' }, status: 422 },
    { name: 'no form token', url: '/membership/apply', form: { motivation: 'Je veux voter' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/membership/apply', raw: '{"motivation":', type: 'application/json', status: 400 },
  ],
  'POST /applications/:id/withdraw': (f): FormCase[] => [
    { name: 'already withdrawn', url: `/applications/${f.withdrawnApplication}/withdraw`, form: {}, status: 409 },
    { name: 'unknown application', url: `/applications/${unknownId}/withdraw`, form: {}, status: 404 },
    { name: 'no form token', url: `/applications/${f.openApplication}/withdraw`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /applications/:id/rapporteur': (f): FormCase[] => [
    { name: 'not on the bureau', url: `/applications/${f.openApplication}/rapporteur`, form: { rapporteurId: f.bob.id }, status: 400 },
    { name: 'unknown application', url: `/applications/${unknownId}/rapporteur`, form: { rapporteurId: '' }, status: 404 },
    { name: 'no form token', url: `/applications/${f.openApplication}/rapporteur`, form: { rapporteurId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /bureau/sessions/recurrence': (): FormCase[] => {
    const valid = { frequency: 'monthly', week: '1', weekday: 'TU', time: '20:00', sessionsAhead: '3' };
    return [
      { name: 'hour 25', url: '/bureau/sessions/recurrence', form: { ...valid, time: '25:00' }, status: 400, inline: true },
      { name: 'daily', url: '/bureau/sessions/recurrence', form: { ...valid, frequency: 'daily' }, status: 400, inline: true },
      { name: 'unknown weekday', url: '/bureau/sessions/recurrence', form: { ...valid, weekday: 'XX' }, status: 400, inline: true },
      { name: 'video link not http', url: '/bureau/sessions/recurrence', form: { ...valid, videoUrl: 'javascript:alert(1)' }, status: 400, inline: true },
      { name: 'no form token', url: '/bureau/sessions/recurrence', form: valid, noCsrf: true, status: 403 },
    ];
  },
  'POST /bureau/sessions': (): FormCase[] => [
    { name: 'impossible date', url: '/bureau/sessions', form: { date: '2027-02-31', time: '20:00' }, status: 400, inline: true },
    { name: 'no time', url: '/bureau/sessions', form: { date: '2027-02-10', time: '' }, status: 400, inline: true },
    { name: 'no form token', url: '/bureau/sessions', form: { date: '2027-02-10', time: '20:00' }, noCsrf: true, status: 403 },
  ],
  'POST /bureau/sessions/:id/open': (f): FormCase[] => [
    { name: 'nobody present', url: `/bureau/sessions/${f.plannedSession}/open`, form: {}, headers: f.carolHeaders, status: 400 },
    {
      name: 'someone not on the bureau',
      url: `/bureau/sessions/${f.plannedSession}/open`,
      form: { presentPersonIds: f.bob.id },
      headers: f.carolHeaders,
      status: 400,
    },
    { name: 'already open', url: `/bureau/sessions/${f.openSession}/open`, form: { presentPersonIds: f.carol.id }, headers: f.carolHeaders, status: 409 },
    { name: 'unknown session', url: `/bureau/sessions/${unknownId}/open`, form: { presentPersonIds: f.carol.id }, headers: f.carolHeaders, status: 404 },
  ],
  'POST /bureau/sessions/:id/decisions': (f): FormCase[] => {
    const at = (session: string) => `/bureau/sessions/${session}/decisions`;
    const h = f.carolHeaders;
    return [
      {
        name: 'rejection without rationale',
        url: at(f.openSession),
        form: { applicationId: f.openApplication, outcome: 'rejected' },
        headers: h,
        status: 400,
        inline: true,
      },
      {
        name: 'more votes than present',
        url: at(f.openSession),
        form: { applicationId: f.openApplication, outcome: 'accepted', votesFor: '5' },
        headers: h,
        status: 400,
        inline: true,
      },
      { name: 'unknown outcome', url: at(f.openSession), form: { applicationId: f.openApplication, outcome: 'maybe' }, headers: h, status: 400 },
      { name: 'planned session', url: at(f.plannedSession), form: { applicationId: f.openApplication, outcome: 'accepted' }, headers: h, status: 409 },
      { name: 'no quorum', url: at(f.noQuorumSession), form: { applicationId: f.noQuorumApplication, outcome: 'accepted' }, headers: h, status: 422 },
      { name: 'already decided', url: at(f.openSession), form: { applicationId: f.decidedApplication, outcome: 'accepted' }, headers: h, status: 409 },
    ];
  },
  'POST /bureau/sessions/:id/close': (f): FormCase[] => [
    { name: 'planned session', url: `/bureau/sessions/${f.plannedSession}/close`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'unknown session', url: `/bureau/sessions/${unknownId}/close`, form: {}, headers: f.carolHeaders, status: 404 },
  ],
  'POST /bureau/sessions/:id/agenda': (f): FormCase[] => [
    { name: 'no title', url: `/bureau/sessions/${f.plannedSession}/agenda`, form: { title: '' }, status: 400, inline: true },
    { name: 'over-long title', url: `/bureau/sessions/${f.plannedSession}/agenda`, form: { title: long(201) }, status: 400, inline: true },
    { name: 'closed session', url: `/bureau/sessions/${f.closedSession}/agenda`, form: { title: 'Trop tard' }, status: 409 },
    { name: 'no form token', url: `/bureau/sessions/${f.plannedSession}/agenda`, form: { title: 'Budget' }, noCsrf: true, status: 403 },
  ],
  'POST /bureau/sessions/:id/items/:itemId/move': (f): FormCase[] => [
    { name: 'no direction', url: `/bureau/sessions/${f.openSession}/items/${f.openItem}/move`, form: {}, status: 400 },
    { name: 'sideways', url: `/bureau/sessions/${f.openSession}/items/${f.openItem}/move`, form: { direction: 'left' }, status: 400 },
    { name: 'unknown item', url: `/bureau/sessions/${f.openSession}/items/${unknownId}/move`, form: { direction: 'up' }, status: 404 },
    { name: 'no form token', url: `/bureau/sessions/${f.openSession}/items/${f.openItem}/move`, form: { direction: 'up' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies': (): FormCase[] => [
    {
      name: 'no title, impossible date',
      url: '/assemblies',
      form: { kind: 'ordinary', title: '', date: '2027-02-30', time: '18:30' },
      status: 400,
      inline: true,
    },
    { name: 'unknown kind', url: '/assemblies', form: { kind: 'annual', title: 'AG', date: '2027-06-01', time: '18:30' }, status: 400, inline: true },
    { name: 'no form token', url: '/assemblies', form: { kind: 'ordinary', title: 'AG', date: '2027-06-01', time: '18:30' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/assemblies', raw: '{"title":', type: 'application/json', status: 400 },
  ],
  'POST /assemblies/:id/items': (f): FormCase[] => [
    { name: 'no title', url: `/assemblies/${f.draftAssembly}/items`, form: { title: ' ' }, status: 400, inline: true },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/items`, form: { title: 'Rapport' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/documents': (f): FormCase[] => [
    { name: 'neither link nor file', url: `/assemblies/${f.draftAssembly}/documents`, form: { title: 'Rapport', url: '' }, status: 400, inline: true },
    { name: 'not a link', url: `/assemblies/${f.draftAssembly}/documents`, form: { title: 'Rapport', url: 'rapport.pdf' }, status: 400, inline: true },
    {
      name: 'no form token',
      url: `/assemblies/${f.draftAssembly}/documents`,
      form: { title: 'Rapport', url: 'https://example.org/r.pdf' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /assemblies/:id/convene': (f): FormCase[] => [
    { name: 'inside the notice period', url: `/assemblies/${f.soonAssembly}/convene`, form: {}, status: 422, inline: true },
    { name: 'forced without a reason', url: `/assemblies/${f.soonAssembly}/convene`, form: { force: 'on', reason: ' ' }, status: 400, inline: true },
    { name: 'empty agenda', url: `/assemblies/${f.emptyAssembly}/convene`, form: {}, status: 422, inline: true },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/convene`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/open': (f): FormCase[] => [
    { name: 'a draft', url: `/assemblies/${f.draftAssembly}/open`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/open`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/check-in': (f): FormCase[] => [
    {
      name: 'not invited',
      url: `/assemblies/${f.openAssembly}/check-in`,
      form: { personId: unknownId, present: 'true' },
      headers: f.carolHeaders,
      status: 422,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/check-in`, form: { personId: unknownId }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions': (f): FormCase[] => [
    {
      name: 'no title, unknown majority',
      url: `/assemblies/${f.openAssembly}/resolutions`,
      form: { title: '', majority: 'unanimity' },
      headers: f.carolHeaders,
      status: 400,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions`, form: { title: 'X', majority: 'simple' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/open': (f): FormCase[] => [
    { name: 'already open', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/open`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/open`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/vote': (f): FormCase[] => [
    { name: 'not a choice', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'oui' }, status: 400 },
    { name: 'not a voter', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'for' }, status: 422 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'for' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/counts': (f): FormCase[] => [
    {
      name: 'not a number',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      form: { for: 'douze', against: '', abstain: '' },
      headers: f.carolHeaders,
      status: 400,
    },
    {
      name: 'more votes than voters',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      form: { for: '9', against: '0', abstain: '0' },
      headers: f.carolHeaders,
      status: 400,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`, form: { for: '0' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/close': (f): FormCase[] => [
    { name: 'not being voted', url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/close`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/close': (f): FormCase[] => [
    { name: 'a resolution still being voted', url: `/assemblies/${f.openAssembly}/close`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/rsvp': (f): FormCase[] => [
    { name: 'not an answer', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'oui' }, status: 400 },
    { name: 'not invited', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'yes' }, status: 422 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'yes' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/proxy': (f): FormCase[] => [
    { name: 'not a voter', url: `/assemblies/${f.openAssembly}/proxy`, form: { holderId: f.bob.id }, status: 422 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/proxy`, form: { holderId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def', form: { answer: 'yes' }, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def', form: { answer: 'yes' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token/proxy': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def/proxy', form: { holderId: '' }, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def/proxy', form: { holderId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token/check-in': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def/check-in', form: {}, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def/check-in', form: {}, noCsrf: true, status: 403 },
  ],
  'POST /rooms': (): FormCase[] => [
    { name: 'not a room address', url: '/rooms', form: { provider: 'matrix', address: 'membres', audience: 'members' }, status: 400, inline: true },
    { name: 'no provider', url: '/rooms', form: { address: 'https://hooks.example.org/p', audience: 'members' }, status: 400, inline: true },
    {
      name: 'already registered',
      url: '/rooms',
      form: { provider: 'webhook', address: 'https://hooks.example.org/taken', audience: 'members' },
      status: 409,
      inline: true,
    },
    {
      name: 'no form token',
      url: '/rooms',
      form: { provider: 'webhook', address: 'https://hooks.example.org/q', audience: 'members' },
      noCsrf: true,
      status: 403,
    },
    { name: 'malformed JSON', url: '/rooms', raw: '{"provider":', type: 'application/json', status: 400 },
  ],
  'POST /rooms/:id/reconcile': (f): FormCase[] => [
    { name: 'provider without credentials', url: `/rooms/${f.webhookRoom}/reconcile`, form: {}, status: 422 },
    { name: 'unknown room', url: `/rooms/${unknownId}/reconcile`, form: {}, status: 404 },
    { name: 'no form token', url: `/rooms/${f.webhookRoom}/reconcile`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /admin/outbox/:id/retry': (f): FormCase[] => [
    { name: 'not a dead letter', url: `/admin/outbox/${f.pendingEvent}/retry`, form: {}, status: 409 },
    { name: 'unknown event', url: `/admin/outbox/${unknownId}/retry`, form: {}, status: 404 },
    { name: 'no form token', url: `/admin/outbox/${f.pendingEvent}/retry`, form: {}, noCsrf: true, status: 403 },
  ],
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
  'POST /login': (f): FormCase[] => [
    { name: 'wrong password', url: '/login', form: { email: 'admin@example.org', password: 'not the password' }, status: 401, inline: true },
    { name: 'unknown email', url: '/login', form: { email: 'nobody@example.org', password: 'whatever it is' }, status: 401, inline: true },
    { name: 'no password', url: '/login', form: { email: f.bob.email }, status: 401, inline: true },
    { name: 'no form token', url: '/login', form: { email: 'admin@example.org', password: ADMIN_PASSWORD }, noCsrf: true, status: 403 },
  ],
  'POST /logout': (): FormCase[] => [{ name: 'no form token', url: '/logout', form: {}, noCsrf: true, status: 403 }],
  'POST /logout/everywhere': (): FormCase[] => [{ name: 'no form token', url: '/logout/everywhere', form: {}, noCsrf: true, status: 403 }],
  'POST /login/two-factor': (): FormCase[] => [
    // Back to the password: the login page with its alert.
    { name: 'unknown challenge', url: '/login/two-factor', form: { challenge: 'made-up', code: '123456' }, status: 401, inline: true },
    { name: 'no challenge', url: '/login/two-factor', form: { code: '123456' }, status: 401, inline: true },
    { name: 'no form token', url: '/login/two-factor', form: { challenge: 'made-up', code: '123456' }, noCsrf: true, status: 403 },
  ],
  // The wrong current password counts as one failed login of this address (see POST /login's three).
  'POST /profile/password': (): FormCase[] => [
    {
      name: 'wrong current password',
      url: '/profile/password',
      form: { currentPassword: 'not the password', newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' },
      status: 422,
      inline: true,
    },
    {
      name: 'the two new passwords differ',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase!' },
      status: 400,
      inline: true,
    },
    {
      name: 'a common new password',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'iloveyou123456', confirmPassword: 'iloveyou123456' },
      status: 422,
      inline: true,
    },
    { name: 'no new password', url: '/profile/password', form: { currentPassword: ADMIN_PASSWORD }, status: 422, inline: true },
    {
      name: 'no form token',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /profile/two-factor/start': (): FormCase[] => [{ name: 'no form token', url: '/profile/two-factor/start', form: {}, noCsrf: true, status: 403 }],
  'POST /profile/two-factor/confirm': (): FormCase[] => [
    { name: 'nothing to confirm', url: '/profile/two-factor/confirm', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/confirm', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/two-factor/recovery-codes': (): FormCase[] => [
    { name: 'no second factor to renew codes for', url: '/profile/two-factor/recovery-codes', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/recovery-codes', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/two-factor/disable': (): FormCase[] => [
    { name: 'nothing to turn off', url: '/profile/two-factor/disable', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/disable', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /password/forgot': (f): FormCase[] => [{ name: 'no form token', url: '/password/forgot', form: { email: f.bob.email }, noCsrf: true, status: 403 }],
  'POST /password/reset': (): FormCase[] => [
    { name: 'unknown token', url: '/password/reset', form: { token: 'made-up', password: 'a long enough passphrase' }, status: 422, inline: true },
    { name: 'no token', url: '/password/reset', form: { password: 'a long enough passphrase' }, status: 422, inline: true },
    { name: 'no form token', url: '/password/reset', form: { token: 'made-up', password: 'a long enough passphrase' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/tokens': (): FormCase[] => [
    { name: 'no form token', url: '/profile/tokens', form: { label: 'phone' }, noCsrf: true, status: 403 },
    { name: 'XML', url: '/profile/tokens', raw: '<label>phone</label>', type: 'application/xml', status: 415 },
  ],
  'POST /profile/tokens/:id/revoke': (f): FormCase[] => [
    { name: 'unknown token', url: `/profile/tokens/${unknownId}/revoke`, form: {}, status: 404 },
    { name: "someone else's token", url: `/profile/tokens/${f.bobToken}/revoke`, form: {}, status: 404 },
    { name: 'no form token', url: `/profile/tokens/${f.spareToken}/revoke`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /people/new': (f): FormCase[] => [
    { name: 'invalid email', url: '/people/new', form: { displayName: 'Eve', email: 'eve@' }, status: 400, inline: true },
    { name: 'no name', url: '/people/new', form: { email: 'eve@example.org' }, status: 400, inline: true },
    { name: 'NUL character', url: '/people/new', form: { displayName: 'Eve\u0000', email: 'eve@example.org' }, status: 400 },
    { name: 'over-long name', url: '/people/new', form: { displayName: long(121), email: 'eve@example.org' }, status: 400, inline: true },
    { name: 'invalid XMPP address', url: '/people/new', form: { displayName: 'Eve', email: 'eve@example.org', xmppJid: 'eve' }, status: 400, inline: true },
    { name: 'duplicate email', url: '/people/new', form: { displayName: 'Bob bis', email: f.bob.email }, status: 409, inline: true },
    { name: 'no form token', url: '/people/new', form: { displayName: 'Eve', email: 'eve@example.org' }, noCsrf: true, status: 403 },
  ],
  'POST /people/import': (): FormCase[] => [
    { name: 'unclosed quote', url: '/people/import', form: { csv: 'displayName,email\n"Alice,alice@example.org' }, status: 400 },
    { name: 'no form token', url: '/people/import', form: { csv: 'displayName,email\nAlice,alice@example.org' }, noCsrf: true, status: 403 },
  ],
  'POST /people/:id/edit': (f): FormCase[] => [
    { name: 'unknown person', url: `/people/${unknownId}/edit`, form: { displayName: 'X', email: 'x@example.org' }, status: 404 },
    { name: 'invalid email', url: `/people/${f.bob.id}/edit`, form: { displayName: 'Bob', email: 'bob at example' }, status: 400, inline: true },
    { name: 'empty name', url: `/people/${f.bob.id}/edit`, form: { displayName: '', email: f.bob.email }, status: 400, inline: true },
    { name: 'email of someone else', url: `/people/${f.bob.id}/edit`, form: { displayName: 'Bob', email: f.carol.email }, status: 409, inline: true },
    { name: 'stale version', url: `/people/${f.bob.id}/edit`, form: { displayName: 'Bob', email: f.bob.email, version: '99' }, status: 409, inline: true },
    { name: 'no form token', url: `/people/${f.bob.id}/edit`, form: { displayName: 'Robert', email: f.bob.email }, noCsrf: true, status: 403 },
  ],
  'POST /profile': (): FormCase[] => [
    { name: 'invalid email', url: '/profile', form: { displayName: 'Ada Admin', email: 'ada' }, status: 400, inline: true },
    { name: 'empty name', url: '/profile', form: { displayName: '', email: 'admin@example.org' }, status: 400, inline: true },
    { name: 'no form token', url: '/profile', form: { displayName: 'Ada', email: 'admin@example.org' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/language': (): FormCase[] => [
    { name: 'unknown language', url: '/profile/language', form: { locale: 'de', next: '/' }, status: 400 },
    { name: 'no language', url: '/profile/language', form: { next: '/' }, status: 400 },
    { name: 'no form token', url: '/profile/language', form: { locale: 'en', next: '/' }, noCsrf: true, status: 403 },
  ],
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
  'POST /bureau/offices': (f): FormCase[] => [
    { name: 'unknown email', url: '/bureau/offices', form: { email: 'nobody@example.org', office: 'member' }, status: 400, inline: true },
    { name: 'since not a date', url: '/bureau/offices', form: { email: f.bob.email, office: 'member', since: 'demain' }, status: 400, inline: true },
    { name: 'office held by another', url: '/bureau/offices', form: { email: f.bob.email, office: 'president' }, status: 409, inline: true },
    { name: 'no form token', url: '/bureau/offices', form: { email: f.bob.email, office: 'member' }, noCsrf: true, status: 403 },
  ],
  'POST /bureau/changes/:id/confirm': (): FormCase[] => [
    { name: 'unknown change', url: `/bureau/changes/${unknownId}/confirm`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/changes/${unknownId}/confirm`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /bureau/changes/:id/cancel': (): FormCase[] => [
    { name: 'unknown change', url: `/bureau/changes/${unknownId}/cancel`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/changes/${unknownId}/cancel`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /bureau/offices/:id/end': (f): FormCase[] => [
    { name: 'unknown office', url: `/bureau/offices/${unknownId}/end`, form: {}, status: 404 },
    { name: 'office already ended', url: `/bureau/offices/${f.endedOffice}/end`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/offices/${f.presidentOffice}/end`, form: {}, noCsrf: true, status: 403 },
  ],
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
  'POST /admin/forges/link': (f): FormCase[] => [
    { name: 'nobody has this email', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: 'nobody@example.org' }, status: 400, inline: true },
    { name: 'no email', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: '' }, status: 400, inline: true },
    { name: 'unknown author', url: '/admin/forges/link', form: { unknownId, email: f.bob.email }, status: 404 },
    { name: 'no form token', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: f.bob.email }, noCsrf: true, status: 403 },
  ],
  'POST /profile/forges': (f): FormCase[] => [
    { name: 'unknown forge', url: '/profile/forges', form: { forge: 'github', identity: 'ada' }, status: 400, inline: true },
    { name: 'login with a space', url: '/profile/forges', form: { forge: 'forgejo', identity: 'ada admin' }, status: 400, inline: true },
    { name: 'no identity', url: '/profile/forges', form: { forge: 'gitlab', identity: '' }, status: 400, inline: true },
    { name: "Carol's login", url: '/profile/forges', form: { forge: 'forgejo', identity: 'carol' }, status: 409, inline: true },
    { name: "Bob's record email", url: '/profile/forges', form: { forge: 'email', identity: f.bob.email }, status: 409, inline: true },
    { name: 'no form token', url: '/profile/forges', form: { forge: 'gitlab', identity: 'ada' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/profile/forges', raw: '{"forge":', type: 'application/json', status: 400 },
  ],
  'POST /people/:id/erase': (f): FormCase[] => [
    { name: 'not the name', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob', reason: 'request' }, status: 400, inline: true },
    { name: 'no name', url: `/people/${f.bob.id}/erase`, form: { reason: 'request' }, status: 400, inline: true },
    { name: 'unknown reason', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob Martin', reason: 'whim' }, status: 400, inline: true },
    { name: 'a president in office', url: `/people/${f.carol.id}/erase`, form: { confirm: 'Carol Durand', reason: 'request' }, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/erase`, form: { confirm: 'X', reason: 'request' }, status: 404 },
    { name: 'no form token', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob Martin', reason: 'request' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: `/people/${f.bob.id}/erase`, raw: '{"confirm":', type: 'application/json', status: 400 },
  ],
  'POST /profile/forges/:id/delete': (f): FormCase[] => [
    { name: 'unknown account', url: `/profile/forges/${unknownId}/delete`, form: {}, status: 404 },
    { name: "Carol's account", url: `/profile/forges/${f.carolForgeAccount}/delete`, form: {}, status: 404 },
    { name: 'no form token', url: `/profile/forges/${f.carolForgeAccount}/delete`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /requests/new': (): FormCase[] => [
    { name: 'nothing', url: '/requests/new', form: {}, status: 400, inline: true },
    { name: 'not an email', url: '/requests/new', form: { email: 'ana@', category: 'question', subject: 'S', message: 'M' }, status: 400, inline: true },
    {
      name: 'join without a team',
      url: '/requests/new',
      form: { email: 'ana@example.org', category: 'join', subject: 'S', message: 'M' },
      status: 400,
      inline: true,
    },
    {
      name: 'no form token',
      url: '/requests/new',
      form: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /requests/follow/:token': (f): FormCase[] => [
    { name: 'blank answer', url: `/requests/follow/${f.followToken}`, form: { body: ' ' }, status: 400, inline: true },
    { name: 'forged link', url: `/requests/follow/${'a'.repeat(43)}`, form: { body: 'Hop' }, status: 404 },
    { name: 'closed request', url: `/requests/follow/${f.closedFollowToken}`, form: { body: 'Merci' }, status: 409 },
    { name: 'no form token', url: `/requests/follow/${f.followToken}`, form: { body: 'Hop' }, noCsrf: true, status: 403 },
  ],
  'POST /requests/consultations/:id/answer': (f): FormCase[] => [
    { name: 'blank answer', url: `/requests/consultations/${f.openConsultation}/answer`, form: { answer: '' }, status: 400, inline: true },
    { name: 'already answered', url: `/requests/consultations/${f.answeredConsultation}/answer`, form: { answer: 'Encore' }, status: 409 },
    { name: 'unknown question', url: `/requests/consultations/${unknownId}/answer`, form: { answer: 'Oui' }, status: 404 },
  ],
  'POST /requests/:id/replies': (f): FormCase[] => [
    { name: 'blank reply', url: `/requests/${f.openRequest}/replies`, form: { body: '', internal: 'yes' }, status: 400, inline: true },
    { name: 'closed request', url: `/requests/${f.closedRequest}/replies`, form: { body: 'Bonjour' }, status: 409 },
    { name: 'unknown request', url: `/requests/${unknownId}/replies`, form: { body: 'Bonjour' }, status: 404 },
    { name: 'no form token', url: `/requests/${f.openRequest}/replies`, form: { body: 'Bonjour' }, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/assign': (f): FormCase[] => [
    { name: 'to someone off the team', url: `/requests/${f.openRequest}/assign`, form: { personId: f.bob.id }, status: 409, inline: true },
    { name: 'closed request', url: `/requests/${f.closedRequest}/assign`, form: { personId: '' }, status: 409 },
  ],
  'POST /requests/:id/consult': (f): FormCase[] => [
    { name: 'its own team', url: `/requests/${f.openRequest}/consult`, form: { teamSlug: 'communaute', question: 'Q' }, status: 400, inline: true },
    { name: 'no question', url: `/requests/${f.openRequest}/consult`, form: { teamSlug: 'technique', question: '' }, status: 400, inline: true },
  ],
  'POST /requests/:id/resolve': (f): FormCase[] => [
    { name: 'closed request', url: `/requests/${f.closedRequest}/resolve`, form: {}, status: 409 },
    { name: 'unknown request', url: `/requests/${unknownId}/resolve`, form: {}, status: 404 },
  ],
  'POST /requests/:id/reopen': (f): FormCase[] => [{ name: 'not resolved', url: `/requests/${f.openRequest}/reopen`, form: {}, status: 409, inline: true }],
  'POST /requests/:id/close': (f): FormCase[] => [
    { name: 'already closed', url: `/requests/${f.closedRequest}/close`, form: {}, status: 409 },
    { name: 'no form token', url: `/requests/${f.openRequest}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/accept-join': (f): FormCase[] => [
    { name: 'not a join request', url: `/requests/${f.openRequest}/accept-join`, form: {}, status: 409 },
    { name: 'no form token', url: `/requests/${f.joinRequest}/accept-join`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/refuse-join': (f): FormCase[] => [
    { name: 'blank reason', url: `/requests/${f.joinRequest}/refuse-join`, form: { reason: ' ' }, status: 400, inline: true },
  ],
};

/** GET routes with a query schema, and query values they must refuse. */
export const queryCases: ApiCase[] = [
  { name: 'unknown authors, limit 0', url: '/api/v1/forge/unknown-authors?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit 0', url: '/api/v1/people?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit too high', url: '/api/v1/people?limit=201', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit not a number', url: '/api/v1/people?limit=many', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'a cursor this server never gave', url: '/api/v1/people?cursor=not-a-cursor', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'unknown parameter', url: '/api/v1/people?status=weird', status: 400, code: 'validation_failed', paths: ['/querystring/status'] },
  { name: 'over-long search', url: `/api/v1/people?q=${long(201)}`, status: 400, code: 'validation_failed', paths: ['/querystring/q'] },
  { name: 'NUL in a search', url: '/api/v1/people?q=a%00', status: 400, code: 'validation_failed', paths: ['/querystring/q'] },
  { name: 'audit cursor past any sequence number', url: '/api/v1/audit?cursor=2147483648', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'audit cursor not a number', url: '/api/v1/audit?cursor=abc', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'audit limit negative', url: '/api/v1/audit?limit=-1', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'mail address too long', url: `/api/v1/mail?to=${long(255)}`, status: 400, code: 'validation_failed', paths: ['/querystring/to'] },
  {
    name: 'team history not a boolean',
    url: '/api/v1/teams/technique?history=perhaps',
    status: 400,
    code: 'validation_failed',
    paths: ['/querystring/history'],
  },
  { name: 'bureau history not a boolean', url: '/api/v1/bureau/members?history=2', status: 400, code: 'validation_failed', paths: ['/querystring/history'] },
  { name: 'requests: unknown status', url: '/api/v1/requests?status=lost', status: 400, code: 'validation_failed', paths: ['/querystring/status'] },
  { name: 'requests: a cursor this server never gave', url: '/api/v1/requests?cursor=nope', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'requests: limit 0', url: '/api/v1/requests?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  {
    name: 'consultations: unknown status',
    url: '/api/v1/requests/consultations?status=lost',
    status: 400,
    code: 'validation_failed',
    paths: ['/querystring/status'],
  },
];
