import type { VNode } from 'preact';
import type { PageContext } from '../../platform/http/page.js';
import type { Extensions } from '../../platform/module.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { PersonView } from './service.js';

/*
 * The people pages' extension points. A person's page and one's profile show what modules above
 * people hold about the person (teams, contributions, forge accounts, sign-in security, personal
 * data); people does not import them: each draws its own section through its module definition's
 * `contributes`, and the composition root hands them to peoplePages in the modules' order, with
 * the teams the directory filters by.
 */

declare module '../../platform/module.js' {
  interface ExtensionPoints {
    /** Under the person's name, before the contact details: notes about the record itself (an erasure). */
    'people.personNote': PersonSection;
    /** After the contact details, before the history: what the person takes part in. */
    'people.person': PersonSection;
    /** Under the profile form. */
    'people.profile': ProfileSection;
    /** The directory's team filter (the first one given is used). */
    'people.teamChoices': TeamChoices;
    /** A choice on the new-person form, acted on once the person is added (send an invitation). */
    'people.newPersonOption': NewPersonOption;
  }
}

/** A part of a person's page, for this reader; null when there is nothing they may see. */
export type PersonSection = (ctx: PageContext, person: PersonView) => Promise<VNode | null>;

/** A part of the signed-in person's profile page, under the form. */
export type ProfileSection = (ctx: PageContext, personId: string) => Promise<VNode | null>;

/** The teams a list of people can be narrowed to, in the reader's language. */
export type TeamChoices = (ctx: PageContext) => Promise<{ slug: string; name: string }[]>;

/**
 * A choice offered when adding someone, held by a module above people. The person is added
 * first, in its own transaction; the choice is acted on after, so a choice that fails (the mail
 * server is gone) leaves the person added and says so on their page.
 */
export interface NewPersonOption {
  /** The form field's name; ticked when the form sends `yes`. */
  name: string;
  /** The field, for this reader; null when it is not theirs to use (then nothing is done). */
  field: (ctx: PageContext, ticked: boolean) => VNode | null;
  /** Acts on the ticked choice for the person just added (links start with `publicUrl`); the notice to show. */
  apply: (actor: Actor, personId: string, publicUrl: string) => Promise<MessageKey>;
}

export interface PeopleExtensions {
  /** Under the person's name, before the contact details: notes about the record itself (an erasure). */
  personNotes: PersonSection[];
  /** After the contact details, before the history: what the person takes part in. */
  person: PersonSection[];
  /** Under the profile form. */
  profile: ProfileSection[];
  /** The directory's team filter. */
  teamChoices: TeamChoices;
  /** The choices under the new-person form. */
  newPersonOptions: NewPersonOption[];
}

/** The people pages' extension points as the pages read them; with no team filter, none is offered. */
export function peopleExtensionsOf(extensions: Extensions): PeopleExtensions {
  return {
    personNotes: [...(extensions['people.personNote'] ?? [])],
    person: [...(extensions['people.person'] ?? [])],
    profile: [...(extensions['people.profile'] ?? [])],
    teamChoices: extensions['people.teamChoices']?.[0] ?? (async () => []),
    newPersonOptions: [...(extensions['people.newPersonOption'] ?? [])],
  };
}
