import { sql, SqliteAdapter, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { insertRows } from '../../platform/copy.js';
import type { DB, PersonTable } from '../../platform/schema.js';
import { requestNotificationsOf, type RequestNotifications } from './rules.js';

export interface Person {
  id: string;
  displayName: string;
  email: string;
  pseudonym: string | null;
  pronouns: string | null;
  locale: 'fr' | 'en';
  matrixId: string | null;
  xmppJid: string | null;
  publicConsent: boolean;
  /** How they are told of a new request on their teams. */
  requestNotifications: RequestNotifications;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Set only for a person an administrator erased (docs/privacy.md): the row stays, pseudonymised. */
  erasedAt?: string;
}

export type PersonRow = Selectable<PersonTable>;

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    pseudonym: row.pseudonym,
    pronouns: row.pronouns,
    locale: row.locale === 'en' ? 'en' : 'fr',
    matrixId: row.matrix_id,
    xmppJid: row.xmpp_jid,
    publicConsent: Number(row.public_consent) === 1,
    requestNotifications: requestNotificationsOf(row.request_notifications),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
  };
}

/** The activity policy, as a condition on rows (see contributions/rules.ts, assessActivity). */
export interface ActivityCondition {
  active: boolean;
  windowStart: string;
  today: string;
  statuses: ('declared' | 'confirmed')[];
  kinds: string[];
  minContributions: number;
  teamRoleCounts: boolean;
}

export interface DirectoryQuery {
  activity?: ActivityCondition;
  /** Already normalised with searchKey(): matched against names and pseudonyms. */
  q?: string;
  /** Already normalised with normaliseEmail(): also matched against emails, for actors who see them. */
  email?: string;
  /** Only the people on this team's roster today (its slug). */
  teamSlug?: string;
  /** Only the people this condition keeps (the current members: the port memberships answers). */
  only?: (eb: ExpressionBuilder<DB, 'people'>) => Expression<SqlBool>;
  after?: { sortKey: string; id: string };
  limit: number;
}

/** Every column, in table order: the bulk insert lists them explicitly. */
const COLUMNS = [
  'id',
  'display_name',
  'email',
  'email_normalized',
  'pseudonym',
  'pronouns',
  'locale',
  'matrix_id',
  'xmpp_jid',
  'public_consent',
  'search_key',
  'sort_key',
  'created_at',
  'updated_at',
  'version',
  'erased_at',
  'erased_by',
  'request_notifications',
] as const;
// Fails to compile if a column is added to the table and not to COLUMNS.
const _everyColumn: Record<Exclude<keyof PersonRow, (typeof COLUMNS)[number]>, never> = {};

/** Emails per look-up: bounds the IN list well under both databases' parameter limits. */
const LOOKUP_CHUNK = 1000;
/** A trigram index finds only terms of three characters or more: shorter ones are read by LIKE. */
const TRIGRAM = 3;
/** Matches in the trigram index from which the name-ordered scan serves a search instead. */
export const SEARCH_INDEX_CAP = 10_000;

export function createPeopleRepository(db: Kysely<DB>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  /** Normalised email → person id, for those of these emails that belong to someone (imports, forge deliveries). */
  async function personIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const wanted = [...new Set(emails)];
    for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
      const emails = wanted.slice(i, i + LOOKUP_CHUNK);
      // PostgreSQL compares each row with every value of an IN list of parameters (it hashes only
      // a list of constants) and, inside an import's transaction, plans on statistics that do not
      // know the people just written: it scanned them all, 0.6 s a look-up at 200,000 people. A
      // list of values joined to the table is looked up through the email's index instead.
      const rows = sqlite
        ? await db.selectFrom('people').select(['id', 'email_normalized']).where('email_normalized', 'in', emails).execute()
        : (
            await sql<{ id: string; email_normalized: string }>`
              with given(email) as (values ${sql.join(emails.map((email) => sql`(${email})`))})
              select people.id, people.email_normalized from given join people on people.email_normalized = given.email`.execute(db)
          ).rows;
      for (const r of rows) found.set(r.email_normalized, r.id);
    }
    return found;
  }

  return {
    async insert(row: PersonRow): Promise<void> {
      await db.insertInto('people').values(row).execute();
    },

    /**
     * Writes many people at once (the import): on PostgreSQL one COPY FROM STDIN for them all
     * (platform/copy.ts), on SQLite multi-row INSERTs of 500 rows, their statement prepared once.
     * Run it in a transaction: each statement commits otherwise.
     */
    async insertMany(rows: PersonRow[]): Promise<void> {
      if (rows.length === 0) return;
      await insertRows(db, 'people', COLUMNS, rows, (r) => COLUMNS.map((c) => r[c]));
    },

    async findById(id: string): Promise<Person | undefined> {
      const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toPerson(row) : undefined;
    },

    async findByEmail(emailNormalized: string): Promise<Person | undefined> {
      const row = await db.selectFrom('people').selectAll().where('email_normalized', '=', emailNormalized).executeTakeFirst();
      return row ? toPerson(row) : undefined;
    },

    personIdsByEmail,

    /** Which of these normalised emails are already taken. */
    async existingEmails(emails: string[]): Promise<Set<string>> {
      return new Set((await personIdsByEmail(emails)).keys());
    },

    async byIds(ids: string[]): Promise<Person[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('people').selectAll().where('id', 'in', ids).execute();
      return rows.map(toPerson);
    },

    /** Optimistic concurrency: false when someone else changed the row since `version` was read. */
    async update(id: string, version: number, changes: Partial<PersonRow>): Promise<boolean> {
      const r = await db
        .updateTable('people')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** The directory, alphabetical, keyset-paginated on (sort_key, id). */
    async directory(query: DirectoryQuery): Promise<{ people: Person[]; sortKeys: string[] }> {
      let q = db.selectFrom('people').selectAll('people');
      if (query.q) {
        // LIKE's wildcards and escape are dropped from the terms: they are searched as typed, less those.
        const term = (text: string) => text.replace(/[\\%_]/g, '');
        const terms: ['search_key' | 'email_normalized', string][] = [['search_key', term(query.q)]];
        if (query.email) terms.push(['email_normalized', term(query.email)]);
        const like = (text: string) => `%${text}%`;
        // On SQLite the people_search table answers the same LIKE from its trigram index (its
        // rows are the same LIKE's, checked by SQLite on each row found); PostgreSQL's pg_trgm
        // index serves the LIKE on people itself. A term under three characters has no trigram:
        // it is matched against every person, as before.
        const inFts = (s: ExpressionBuilder<DB, 'people_search'>) => s.or(terms.map(([column, text]) => s(`people_search.${column}`, 'like', like(text))));
        let indexed = sqlite && terms.every(([, text]) => [...text].length >= TRIGRAM);
        if (indexed) {
          // The index reads every match and sorts them; the scan in name order stops at the
          // page's last match. A term found in many people (SEARCH_INDEX_CAP or more) is served
          // by the scan, which then finds a page within a few thousand rows: counting up to the
          // cap in the index bounds both ways (288 ms → a few for a term in everyone's name).
          const found = await db
            .selectFrom((eb) => eb.selectFrom('people_search').select('people_search.person_id').where(inFts).limit(SEARCH_INDEX_CAP).as('found'))
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          indexed = Number(found.n) < SEARCH_INDEX_CAP;
        }
        q = q.where((eb) =>
          indexed
            ? eb('people.id', 'in', eb.selectFrom('people_search').select('people_search.person_id').where(inFts))
            : eb.or(terms.map(([column, text]) => eb(`people.${column}`, 'like', like(text)))),
        );
      }
      if (query.teamSlug) {
        const teamSlug = query.teamSlug;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('team_roles')
              .innerJoin('teams', 'teams.id', 'team_roles.team_id')
              .select('team_roles.id')
              .whereRef('team_roles.person_id', '=', 'people.id')
              .where('teams.slug', '=', teamSlug)
              .where('team_roles.until', 'is', null),
          ),
        );
      }
      if (query.only) q = q.where(query.only);
      if (query.activity) {
        const a = query.activity;
        // The same decision as assessActivity, set-based, so the filter stays one query.
        q = q.where((eb) => {
          let counted = eb
            .selectFrom('contributions')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('contributions.person_id', '=', 'people.id')
            .where('contributions.status', 'in', a.statuses)
            .where('contributions.occurred_on', '>=', a.windowStart)
            .where('contributions.occurred_on', '<=', a.today);
          if (a.kinds.length > 0) counted = counted.where('contributions.kind', 'in', a.kinds);
          const byContributions = eb(counted, '>=', a.minContributions);
          const byRole = eb.exists(
            eb
              .selectFrom('team_roles')
              .select('team_roles.id')
              .whereRef('team_roles.person_id', '=', 'people.id')
              .where('team_roles.since', '<=', a.today)
              .where((r) => r.or([r('team_roles.until', 'is', null), r('team_roles.until', '>', a.today)])),
          );
          const active = a.teamRoleCounts ? eb.or([byContributions, byRole]) : byContributions;
          return a.active ? active : eb.not(active);
        });
      }
      if (query.after) {
        const { sortKey, id } = query.after;
        // A row value: both databases then start the walk of `people_sort` at the cursor, where the
        // equivalent OR made SQLite walk every name before it (a later page cost as much as all before).
        q = q.where((eb) => eb(eb.refTuple('people.sort_key', 'people.id'), '>', eb.tuple(sortKey, id)));
      }
      const rows = await q.orderBy('people.sort_key').orderBy('people.id').limit(query.limit).execute();
      return { people: rows.map(toPerson), sortKeys: rows.map((r) => r.sort_key) };
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
