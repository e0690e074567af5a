import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import { searchKey } from '../../platform/text.js';
import { canConductAssemblies, canPrepareAssemblies } from './policy.js';
import { createAssembliesRepository } from './repository.js';
import type { AssemblyKit } from './kit.js';
import type { Invitee } from './types.js';

/** Invitees a page at a time, and whom a name typed matches: a federation's assembly convenes thousands. */
export interface InviteePageQuery {
  /** A name or part of one, ignoring case and accents (the people's search key). */
  q?: string;
  /** The page after this cursor (`nextCursor` of the page before). */
  cursor?: string;
  /** The page before this cursor (`previousCursor` of the page after). */
  before?: string;
  limit: number;
}

export interface InviteePage {
  items: Invitee[];
  nextCursor: string | null;
  previousCursor: string | null;
  /** The display names of the people the page's proxies (and the reader's own) name, on the page or not. */
  names: Record<string, string>;
  /** Before convening, who would be convened (the whole list, whatever `q`); after, the assembly's own counts say it. */
  wouldBe: { total: number; voters: number } | null;
}

type Sortable = Invitee & { sortKey: string };

/** The keyset page of a list already in memory, in its (sortKey, personId) order: the preview before convening. */
function pageInMemory(list: Sortable[], query: InviteePageQuery): { rows: Sortable[]; more: boolean } {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const before = query.before ? decodeCursor(query.before) : null;
  const q = query.q ? searchKey(query.q) : '';
  const key = (i: Sortable) => [i.sortKey, i.personId] as const;
  const below = (i: Sortable, c: { sortKey: string; id: string }) => {
    const [s, id] = key(i);
    return s < c.sortKey || (s === c.sortKey && id < c.id);
  };
  const above = (i: Sortable, c: { sortKey: string; id: string }) => {
    const [s, id] = key(i);
    return s > c.sortKey || (s === c.sortKey && id > c.id);
  };
  const kept = list.filter((i) => (!q || searchKey(i.displayName).includes(q)) && (!after || above(i, after)) && (!before || below(i, before)));
  if (before) return { rows: kept.slice(Math.max(0, kept.length - query.limit)), more: kept.length > query.limit };
  return { rows: kept.slice(0, query.limit), more: kept.length > query.limit };
}

export function createInviteeList(ctx: ServiceContext, kit: AssemblyKit) {
  const { database } = ctx;
  const { load, mayRead, desiredInvitees, presentInvitee } = kit;

  return {
    /**
     * A page of the invitees, in the people's order, optionally of those whose name holds `q`:
     * what the bureau's table and its check-in desk show. Read in one query of `limit` rows (and
     * one for the proxies of those rows), whatever the number of invitees. Others than the bureau
     * see who is convened and who votes, as with the whole list.
     */
    async inviteesPage(actor: Actor, id: string, query: InviteePageQuery): Promise<InviteePage> {
      const a = await load(database.db, id);
      await mayRead(actor, a);
      const bureau = canPrepareAssemblies(actor) || canConductAssemblies(actor);
      if (a.status === 'draft') {
        // Nobody is convened yet: who would be is computed whole (as convening will), then paged.
        const desired = (await desiredInvitees(database.db))
          .map((d) => ({
            ...d,
            sortKey: searchKey(d.displayName),
            rsvp: null,
            rsvpAt: null,
            checkedInAt: null,
            proxyHolderId: null,
            holdsProxiesFor: [],
          }))
          .sort((x, y) => (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : x.personId < y.personId ? -1 : 1));
        const { rows, more } = pageInMemory(desired, query);
        return {
          ...cursorsOf(rows, more, query),
          items: rows.map(({ sortKey: _s, ...i }) => i),
          names: {},
          wouldBe: { total: desired.length, voters: desired.filter((d) => d.canVote).length },
        };
      }
      const repo = createAssembliesRepository(database.db);
      const rows = await repo.inviteesPage(id, {
        q: query.q ? searchKey(query.q) : undefined,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
        before: query.before ? decodeCursor(query.before) : undefined,
        limit: query.limit + 1,
      });
      const more = rows.length > query.limit;
      // Going back, the extra row is the one before the page; going forward, the one after it.
      const shown = more ? (query.before ? rows.slice(1) : rows.slice(0, query.limit)) : rows;
      // The reader's own proxies too: their place on the page names the other end, on this page or not.
      const around = [...shown.map((r) => r.personId), ...(actor.personId ? [actor.personId] : [])];
      const proxies = bureau ? await repo.proxiesOfPeople(id, around) : [];
      const names: Record<string, string> = {};
      for (const p of proxies) {
        names[p.giverId] = p.giverName;
        names[p.holderId] = p.holderName;
      }
      const items = shown.map((r) => {
        const i = presentInvitee(r, proxies);
        return bureau || i.personId === actor.personId ? i : { ...i, rsvp: null, rsvpAt: null, checkedInAt: null, proxyHolderId: null, holdsProxiesFor: [] };
      });
      return { ...cursorsOf(shown, more, query), items, names, wouldBe: null };
    },
  };
}

/** Where the next and previous pages start: after the last row shown, before the first. */
function cursorsOf(rows: { sortKey: string; personId: string }[], more: boolean, query: InviteePageQuery) {
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Reached going back, there is a next page (the one we came from); going forward, a previous one.
  const hasNext = query.before ? true : more;
  const hasPrevious = query.before ? more : Boolean(query.cursor);
  return {
    nextCursor: hasNext && last ? encodeCursor(last.sortKey, last.personId) : null,
    previousCursor: hasPrevious && first ? encodeCursor(first.sortKey, first.personId) : null,
  };
}
