/** General assemblies: preparation, convocation, personal links, conduct, votes and minutes. */
import { system } from '../../harness.js';
import { EVERYONE, SIGNED_IN, BUREAU_ADMIN, BUREAU, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/assemblies': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies': ['assemblies.manage', BUREAU_ADMIN],
  'GET /api/v1/assemblies/:id': ['assemblies.read', SIGNED_IN],
  'GET /api/v1/assemblies/:id/invitees': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies/:id/items': ['assemblies.manage', BUREAU_ADMIN],
  'POST /api/v1/assemblies/:id/documents': ['assemblies.manage', BUREAU_ADMIN],
  'PATCH /api/v1/assemblies/:id/items/:itemId': ['assemblies.manage', BUREAU_ADMIN],
  'DELETE /api/v1/assemblies/:id/items/:itemId': ['assemblies.manage', BUREAU_ADMIN],
  'PATCH /api/v1/assemblies/:id/documents/:documentId': ['assemblies.manage', BUREAU_ADMIN],
  'DELETE /api/v1/assemblies/:id/documents/:documentId': ['assemblies.manage', BUREAU_ADMIN],
  'PATCH /api/v1/assemblies/:id/resolutions/:resolutionId': ['assemblies.conduct', BUREAU],
  'DELETE /api/v1/assemblies/:id/resolutions/:resolutionId': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/convene': ['assemblies.manage', BUREAU_ADMIN],
  'POST /api/v1/assemblies/:id/rsvp': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/proxy': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/open': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/check-in': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/:id/quorum': ['assemblies.read', SIGNED_IN],
  'POST /api/v1/assemblies/:id/resolutions': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': ['assemblies.participate', SIGNED_IN],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/close': ['assemblies.conduct', BUREAU],
  'PATCH /api/v1/assemblies/:id/minutes': ['assemblies.conduct', BUREAU],
  'POST /api/v1/assemblies/:id/minutes/approval': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/:id/minutes': ['assemblies.minutes', SIGNED_IN],
  'GET /api/v1/assemblies/:id/attendance': ['assemblies.conduct', BUREAU],
  'GET /api/v1/assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /api/v1/assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'GET /assemblies': ['assemblies.read', SIGNED_IN],
  'POST /assemblies': ['assemblies.manage', BUREAU_ADMIN],
  'GET /assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token/proxy': ['assemblies.rsvp', EVERYONE],
  'GET /assemblies/rsvp/:token/proxy-holders': ['assemblies.rsvp', EVERYONE],
  'POST /assemblies/rsvp/:token/check-in': ['assemblies.rsvp', EVERYONE],
  'GET /assemblies/:id': ['assemblies.read', SIGNED_IN],
  'POST /assemblies/:id/items': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/documents': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/items/:itemId': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/items/:itemId/remove': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/documents/:documentId/remove': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/resolutions/:resolutionId': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/remove': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/convene': ['assemblies.manage', BUREAU_ADMIN],
  'POST /assemblies/:id/open': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/check-in': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/open': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/vote': ['assemblies.participate', SIGNED_IN],
  'POST /assemblies/:id/resolutions/:resolutionId/counts': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/resolutions/:resolutionId/close': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/close': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/minutes': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/minutes/approve': ['assemblies.conduct', BUREAU],
  'POST /assemblies/:id/rsvp': ['assemblies.participate', SIGNED_IN],
  'POST /assemblies/:id/proxy': ['assemblies.participate', SIGNED_IN],
  'GET /assemblies/:id/proxy-holders': ['assemblies.participate', SIGNED_IN],
  'GET /assemblies/:id/documents/:documentId': ['assemblies.read', SIGNED_IN],
  'GET /assemblies/:id/minutes': ['assemblies.minutes', SIGNED_IN],
  'GET /assemblies/:id/attendance': ['assemblies.conduct', BUREAU],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ a, actors, fixture, self }: Context): Requests<typeof matrix> {
  /** A closed assembly whose minutes name a chair and a secretary (the member, checked in): ready to approve, once. */
  const approvableAssembly = async () => {
    const { id } = await fixture.assembly('open');
    const as = (method: 'POST' | 'PATCH', url: string, payload: object) => a.app.inject({ method, url, headers: actors.bureau.headers, payload });
    await as('POST', `/api/v1/assemblies/${id}/check-in`, { personId: actors.member.id });
    await as('PATCH', `/api/v1/assemblies/${id}/minutes`, { chairId: actors.member.id, secretaryId: actors.member.id });
    await as('POST', `/api/v1/assemblies/${id}/close`, {});
    return id;
  };
  /** A draft's first agenda item. */
  const draftItem = async () => {
    const { id } = await fixture.assembly('draft');
    const item = await a.database.db.selectFrom('assembly_items').select('id').where('assembly_id', '=', id).executeTakeFirstOrThrow();
    return { id, itemId: item.id };
  };
  /** A draft with one linked document. */
  const draftDocument = async () => {
    const { id } = await fixture.assembly('draft');
    const added = await a.app.inject({
      method: 'POST',
      url: `/api/v1/assemblies/${id}/documents`,
      headers: actors.bureau.headers,
      payload: { title: 'Comptes', url: 'https://example.org/comptes.pdf' },
    });
    return { id, documentId: added.json().id as string };
  };
  return {
    'PATCH /api/v1/assemblies/:id/items/:itemId': async () => {
      const { id, itemId } = await draftItem();
      return { method: 'PATCH', url: `/api/v1/assemblies/${id}/items/${itemId}`, json: { title: 'Rapport moral 2026' } };
    },
    'DELETE /api/v1/assemblies/:id/items/:itemId': async () => {
      const { id, itemId } = await draftItem();
      return { method: 'DELETE', url: `/api/v1/assemblies/${id}/items/${itemId}` };
    },
    'PATCH /api/v1/assemblies/:id/documents/:documentId': async () => {
      const { id, documentId } = await draftDocument();
      return { method: 'PATCH', url: `/api/v1/assemblies/${id}/documents/${documentId}`, json: { title: 'Comptes 2026' } };
    },
    'DELETE /api/v1/assemblies/:id/documents/:documentId': async () => {
      const { id, documentId } = await draftDocument();
      return { method: 'DELETE', url: `/api/v1/assemblies/${id}/documents/${documentId}` };
    },
    'PATCH /api/v1/assemblies/:id/resolutions/:resolutionId': async () => {
      const { id, resolutionId } = await fixture.assembly('draft', 'proposed');
      return { method: 'PATCH', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}`, json: { majority: 'two_thirds' } };
    },
    'DELETE /api/v1/assemblies/:id/resolutions/:resolutionId': async () => {
      const { id, resolutionId } = await fixture.assembly('draft', 'proposed');
      return { method: 'DELETE', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}` };
    },
    'POST /assemblies/:id/items/:itemId': async () => {
      const { id, itemId } = await draftItem();
      return { method: 'POST', url: `/assemblies/${id}/items/${itemId}`, form: { title: 'Rapport moral 2026' } };
    },
    // The first click answers the confirmation; nothing is removed yet.
    'POST /assemblies/:id/items/:itemId/remove': async () => {
      const { id, itemId } = await draftItem();
      return { method: 'POST', url: `/assemblies/${id}/items/${itemId}/remove`, form: {} };
    },
    'POST /assemblies/:id/documents/:documentId/remove': async () => {
      const { id, documentId } = await draftDocument();
      return { method: 'POST', url: `/assemblies/${id}/documents/${documentId}/remove`, form: {} };
    },
    'POST /assemblies/:id/resolutions/:resolutionId': async () => {
      const { id, resolutionId } = await fixture.assembly('draft', 'proposed');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}`, form: { title: 'Comptes 2026', majority: 'simple' } };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/remove': async () => {
      const { id, resolutionId } = await fixture.assembly('draft', 'proposed');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/remove`, form: { confirmed: 'yes' } };
    },
    'GET /api/v1/assemblies': async () => ({ method: 'GET', url: '/api/v1/assemblies' }),
    'POST /api/v1/assemblies': async () => ({
      method: 'POST',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: new Date(Date.now() + 40 * 86_400_000).toISOString() },
    }),
    // Those who are not convened are told there is no such assembly.
    'GET /api/v1/assemblies/:id': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}`,
      allowedStatus: [200, 404],
    }),
    'GET /api/v1/assemblies/:id/invitees': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/invitees`,
      allowedStatus: [200, 404],
    }),
    'POST /api/v1/assemblies/:id/items': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/items`,
      json: { title: 'Rapport moral' },
    }),
    'POST /api/v1/assemblies/:id/documents': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/documents`,
      json: { title: 'Rapport financier', url: 'https://example.org/rapport.pdf' },
    }),
    'POST /api/v1/assemblies/:id/convene': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('draft')).id}/convene`,
      json: {},
    }),
    // The policy lets everyone signed in answer; the service answers not_invited to the others.
    'POST /api/v1/assemblies/:id/rsvp': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/rsvp`,
      json: { answer: 'yes' },
      allowedStatus: [200, 422],
    }),
    'POST /api/v1/assemblies/:id/proxy': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/proxy`,
      json: { holderId: null },
      allowedStatus: [200, 422],
    }),
    'POST /api/v1/assemblies/:id/open': async () => ({ method: 'POST', url: `/api/v1/assemblies/${(await fixture.assembly('convened')).id}/open`, json: {} }),
    'POST /api/v1/assemblies/:id/check-in': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/check-in`,
      json: { personId: actors.member.id },
    }),
    'GET /api/v1/assemblies/:id/quorum': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/quorum`,
      allowedStatus: [200, 404],
    }),
    'POST /api/v1/assemblies/:id/resolutions': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/resolutions`,
      json: { title: 'Budget', majority: 'simple' },
    }),
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'proposed');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/open`, json: {} };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      // Nobody here is checked in: the voter is told so; the others that they have no vote.
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/vote`, json: { choice: 'for' }, allowedStatus: 422 };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/counts`, json: { for: 0, against: 0, abstain: 0 } };
    },
    'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/api/v1/assemblies/${id}/resolutions/${resolutionId}/close`, json: {} };
    },
    'PATCH /api/v1/assemblies/:id/minutes': async () => ({
      method: 'PATCH',
      url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/minutes`,
      json: { deliberations: [] },
    }),
    'POST /api/v1/assemblies/:id/minutes/approval': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/${await approvableAssembly()}/minutes/approval`,
      json: {},
    }),
    'POST /api/v1/assemblies/:id/close': async () => ({ method: 'POST', url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/close`, json: {} }),
    'GET /api/v1/assemblies/:id/minutes': async () => ({
      method: 'GET',
      url: `/api/v1/assemblies/${(await fixture.assembly('closed')).id}/minutes`,
      allowedStatus: [200, 404],
    }),
    'GET /api/v1/assemblies/:id/attendance': async () => ({ method: 'GET', url: `/api/v1/assemblies/${(await fixture.assembly('open')).id}/attendance` }),
    'GET /api/v1/assemblies/rsvp/:token': async () => ({ method: 'GET', url: `/api/v1/assemblies/rsvp/${await fixture.rsvpToken()}` }),
    'POST /api/v1/assemblies/rsvp/:token': async () => ({
      method: 'POST',
      url: `/api/v1/assemblies/rsvp/${await fixture.rsvpToken()}`,
      json: { answer: 'maybe' },
    }),
    'GET /assemblies': async () => ({ method: 'GET', url: '/assemblies' }),
    'POST /assemblies': async () => ({
      method: 'POST',
      url: '/assemblies',
      form: { kind: 'ordinary', title: 'AG', date: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10), time: '18:30' },
    }),
    'GET /assemblies/rsvp/:token': async () => ({ method: 'GET', url: `/assemblies/rsvp/${await fixture.rsvpToken()}` }),
    'POST /assemblies/rsvp/:token': async () => ({ method: 'POST', url: `/assemblies/rsvp/${await fixture.rsvpToken()}`, form: { answer: 'yes' } }),
    'POST /assemblies/rsvp/:token/proxy': async () => ({ method: 'POST', url: `/assemblies/rsvp/${await fixture.rsvpToken()}/proxy`, form: { holderId: '' } }),
    // The link is the member's, who votes: whoever follows it searches the voters.
    'GET /assemblies/rsvp/:token/proxy-holders': async () => ({ method: 'GET', url: `/assemblies/rsvp/${await fixture.rsvpToken()}/proxy-holders?person=mem` }),
    // Before the assembly opens, arriving is refused, whoever follows the link.
    'POST /assemblies/rsvp/:token/check-in': async () => ({
      method: 'POST',
      url: `/assemblies/rsvp/${await fixture.rsvpToken()}/check-in`,
      form: {},
      allowedStatus: [303, 409],
    }),
    'GET /assemblies/:id': async () => ({ method: 'GET', url: `/assemblies/${(await fixture.assembly('convened')).id}`, allowedStatus: [200, 404] }),
    'POST /assemblies/:id/items': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('draft')).id}/items`,
      form: { title: 'Rapport moral' },
    }),
    'POST /assemblies/:id/documents': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('draft')).id}/documents`,
      form: { title: 'Rapport financier', url: 'https://example.org/rapport.pdf' },
    }),
    'POST /assemblies/:id/convene': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('draft')).id}/convene`, form: {} }),
    'POST /assemblies/:id/open': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/open`, form: {} }),
    'POST /assemblies/:id/check-in': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('open')).id}/check-in`,
      form: { personId: actors.member.id!, present: 'true' },
    }),
    'POST /assemblies/:id/resolutions': async () => ({
      method: 'POST',
      url: `/assemblies/${(await fixture.assembly('open')).id}/resolutions`,
      form: { title: 'Budget', majority: 'simple' },
    }),
    'POST /assemblies/:id/resolutions/:resolutionId/open': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'proposed');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/open`, form: {} };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/vote': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      // As for the API: nobody is checked in, so the voter is told to check in; the others that they have no vote.
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/vote`, form: { choice: 'for' }, allowedStatus: [422, 404] };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/counts': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/counts`, form: { for: '0', against: '0', abstain: '0' } };
    },
    'POST /assemblies/:id/resolutions/:resolutionId/close': async () => {
      const { id, resolutionId } = await fixture.assembly('open', 'open');
      return { method: 'POST', url: `/assemblies/${id}/resolutions/${resolutionId}/close`, form: {} };
    },
    'POST /assemblies/:id/close': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('open')).id}/close`, form: {} }),
    'POST /assemblies/:id/minutes': async () => ({ method: 'POST', url: `/assemblies/${(await fixture.assembly('open')).id}/minutes`, form: { chairId: '' } }),
    'POST /assemblies/:id/minutes/approve': async () => ({
      method: 'POST',
      url: `/assemblies/${await approvableAssembly()}/minutes/approve`,
      form: { confirmed: 'yes' },
    }),
    // The page answers only those convened (the others are told there is no such assembly). A
    // confirmed contribution makes every role part of the audience, a plain person included, so
    // that these answers do not hang on what other tables' requests left behind.
    'POST /assemblies/:id/rsvp': async (actor) => {
      await fixture.contributionOf(self(actor));
      return { method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/rsvp`, form: { answer: 'yes' } };
    },
    'POST /assemblies/:id/proxy': async (actor) => {
      await fixture.contributionOf(self(actor));
      return { method: 'POST', url: `/assemblies/${(await fixture.assembly('convened')).id}/proxy`, form: { holderId: '' } };
    },
    // Past the policy, the service answers a voter with the matches and refuses an invitee without a vote.
    'GET /assemblies/:id/proxy-holders': async (actor) => {
      await fixture.contributionOf(self(actor));
      return { method: 'GET', url: `/assemblies/${(await fixture.assembly('convened')).id}/proxy-holders?person=mem`, allowedStatus: [200, 422] };
    },
    'GET /assemblies/:id/documents/:documentId': async () => {
      const { id } = await fixture.assembly('draft');
      const doc = await a.services.assemblies.addDocument(system, id, {
        title: 'Rapport',
        filename: 'rapport.txt',
        contentType: 'text/plain',
        content: Buffer.from('Rapport moral'),
      });
      return { method: 'GET', url: `/assemblies/${id}/documents/${doc.id}`, allowedStatus: [200, 404] };
    },
    'GET /assemblies/:id/minutes': async () => ({
      method: 'GET',
      url: `/assemblies/${(await fixture.assembly('closed')).id}/minutes`,
      allowedStatus: [200, 404],
    }),
    'GET /assemblies/:id/attendance': async () => ({ method: 'GET', url: `/assemblies/${(await fixture.assembly('open')).id}/attendance` }),
  };
}
