import type { FieldError } from '../../platform/errors.js';
import type { PageContext } from '../../platform/http/page.js';
import type { AssemblyView } from './types.js';
import type { InviteePage } from './invitee-list.js';
import type { InviteeView } from './invitee-browser.js';

/** What an assembly's page shows, shared by the page and its sections (the resolutions among them). */
export interface AssemblyPageProps {
  ctx: PageContext;
  timeZone: string;
  noticeDays: number;
  assembly: AssemblyView;
  /** A page of those convened (or who would be), for the bureau; null for others, who see the counts. */
  invitees: InviteePage | null;
  /** Which page of the invitees, and the name searched. */
  inviteeView: InviteeView;
  /** Who checked in, for the minutes' form (the bureau, once the assembly is open); null otherwise. */
  presentForMinutes: { personId: string; displayName: string }[] | null;
  /** The voters matching the name typed in the proxy form, when it came back with several. */
  holderMatches?: { personId: string; displayName: string }[];
  /** The form that was refused (`item`, `document`, `convene`, `resolution`, `counts-<id>`, `proxy`), what it held and why. */
  form: string | null;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
  code?: string;
}
