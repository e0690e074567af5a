import type { VNode } from 'preact';
import type { PageContext } from '../../platform/http/page.js';

/*
 * The team page's extension point: a column of the roster drawn by a module above teams (each
 * person's activity, from contributions), for those who manage the roster. Teams does not import
 * that module: it draws the column through its module definition's `contributes`, and the
 * composition root hands the columns to teamsPages.
 */

declare module '../../platform/module.js' {
  interface ExtensionPoints {
    /** A column of a team's roster, for those who manage it. */
    'teams.rosterColumn': RosterColumnSource;
  }
}

/** One column for the people of a roster, as this reader may see it. */
export interface RosterColumn {
  header: string;
  /** The person's cell on the current roster (empty when null). */
  cell(personId: string): VNode | null;
  /** A few words after a past role ("— inactive since …"); null: nothing. */
  note(personId: string): string | null;
}

/** Reads a column for these people, with the reader in `ctx`. */
export type RosterColumnSource = (ctx: PageContext, personIds: string[]) => Promise<RosterColumn>;
