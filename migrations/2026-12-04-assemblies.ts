import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * General assemblies: the assembly, its agenda and documents, its invitees (every member and every
 * contributor at convocation time: "Every member and every contributor is invited to every general assembly"),
 * proxies, resolutions and votes;
 * and mails that carry attachments (the convocation's calendar invitation).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('assemblies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('video_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('convened_at', 'text')
    .addColumn('forced_reason', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('minutes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('assemblies_scheduled').on('assemblies').columns(['scheduled_at']).execute();

  await db.schema
    .createTable('assembly_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .execute();
  await db.schema.createIndex('assembly_items_assembly').on('assembly_items').columns(['assembly_id', 'position']).execute();

  await db.schema
    .createTable('assembly_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('filename', 'text')
    .addColumn('content_type', 'text')
    .addColumn('content', blob)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assembly_documents_assembly').on('assembly_documents').columns(['assembly_id']).execute();

  await db.schema
    .createTable('assembly_invitees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('capacity', 'text', (c) => c.notNull())
    .addColumn('can_vote', 'integer', (c) => c.notNull())
    .addColumn('convened_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('rsvp', 'text')
    .addColumn('rsvp_at', 'text')
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', 'text')
    .execute();
  await db.schema.createIndex('assembly_invitees_person').on('assembly_invitees').columns(['assembly_id', 'person_id']).unique().execute();

  await db.schema
    .createTable('assembly_proxies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('giver_id', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One proxy per giver and assembly: giving another replaces it.
  await db.schema.createIndex('assembly_proxies_giver').on('assembly_proxies').columns(['assembly_id', 'giver_id']).unique().execute();

  await db.schema
    .createTable('assembly_resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('majority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('votes_for', 'integer')
    .addColumn('votes_against', 'integer')
    .addColumn('votes_abstain', 'integer')
    .addColumn('result', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('assembly_resolutions_assembly').on('assembly_resolutions').columns(['assembly_id', 'position']).execute();

  await db.schema
    .createTable('assembly_votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resolution_id', 'text', (c) => c.notNull())
    .addColumn('voter_id', 'text', (c) => c.notNull())
    .addColumn('cast_by', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('cast_at', 'text', (c) => c.notNull())
    .execute();
  // One vote per voter and resolution: a proxy holder's vote for a giver counts once.
  await db.schema.createIndex('assembly_votes_voter').on('assembly_votes').columns(['resolution_id', 'voter_id']).unique().execute();

  await db.schema.alterTable('mail_log').addColumn('attachments', 'text').execute();
}
