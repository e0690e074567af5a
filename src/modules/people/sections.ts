import type { VNode } from 'preact';
import type { PageContext } from '../../platform/http/page.js';
import type { PersonView } from './service.js';

/*
 * The people pages' extension points. A person's page and one's profile show what modules above
 * people hold about the person (teams, contributions, forge accounts, sign-in security, personal
 * data); people does not import them: each draws its own section, and the composition root
 * (src/app.ts) hands the sections to peoplePages in the order the page shows them, and the
 * teams the directory filters by.
 */

/** A part of a person's page, for this reader; null when there is nothing they may see. */
export type PersonSection = (ctx: PageContext, person: PersonView) => Promise<VNode | null>;

/** A part of the signed-in person's profile page, under the form. */
export type ProfileSection = (ctx: PageContext, personId: string) => Promise<VNode | null>;

/** The teams a list of people can be narrowed to, in the reader's language. */
export type TeamChoices = (ctx: PageContext) => Promise<{ slug: string; name: string }[]>;

export interface PeopleExtensions {
  /** Under the person's name, before the contact details: notes about the record itself (an erasure). */
  personNotes: PersonSection[];
  /** After the contact details, before the history: what the person takes part in. */
  person: PersonSection[];
  /** Under the profile form. */
  profile: ProfileSection[];
  /** The directory's team filter. */
  teamChoices: TeamChoices;
}
