import type { ColumnType } from 'kysely';
/**
 * Table types as Kysely sees them. Instants and dates are ISO text, booleans are 0/1 integers
 * and JSON is text (SQLite) or jsonb (PostgreSQL): repositories convert at the boundary.
 */
export interface AssociationTable {
  id: string;
  name: string;
  description: string;
  default_locale: string;
  created_at: string;
  updated_at: string;
}

/** The one row of settings the bureau changes (platform/settings): JSON values and a version. */
export interface AssociationSettingsTable {
  id: string;
  settings: unknown;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface PersonTable {
  id: string;
  display_name: string;
  email: string;
  email_normalized: string;
  pseudonym: string | null;
  pronouns: string | null;
  locale: string;
  matrix_id: string | null;
  xmpp_jid: string | null;
  public_consent: number;
  search_key: string;
  sort_key: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** Set when an administrator erased the person (docs/privacy.md): the row stays, pseudonymised. */
  erased_at: string | null;
  erased_by: string | null;
  /** Who is told of a new request on their teams: `each`, `daily` or `off` (people/rules.ts, REQUEST_NOTIFICATIONS). */
  request_notifications: ColumnType<string, string | undefined, string>;
}

/**
 * SQLite only: the people's search index (FTS5, trigram tokenizer), copies of their search key
 * and normalised email kept in step by triggers (migration `2026-12-15-people-search-fts`). Read
 * only: the triggers alone write it.
 */
export interface PeopleSearchTable {
  person_id: ColumnType<string, never, never>;
  search_key: ColumnType<string, never, never>;
  email_normalized: ColumnType<string, never, never>;
}

export interface IdentityTable {
  id: string;
  person_id: string;
  provider: string;
  subject: string;
  secret_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  person_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  person_id: string;
  label: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetTable {
  id: string;
  person_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** reset (asked for by the person) or invitation (sent by `created_by`). */
  purpose: string;
  created_by: string | null;
}

/** A verified login address of a person and the interval they held it (`verified_until` null: now). */
export interface PersonEmailTable {
  id: string;
  person_id: string;
  email_normalized: string;
  verified_from: string;
  verified_until: string | null;
  /** existing (held before verification was recorded), setup, cli, confirmed, password_reset. */
  verified_by: string;
}

/** A proposed change of login email, waiting for its confirmation from the new address. */
export interface EmailChangeTable {
  id: string;
  person_id: string;
  old_email: string;
  new_email: string;
  new_email_normalized: string;
  /** Who proposed it: the person themself, or staff proposing a correction. */
  proposed_by: string | null;
  confirm_hash: string;
  cancel_hash: string;
  created_at: string;
  expires_at: string;
  /** pending, confirmed, cancelled, replaced. */
  status: string;
  ended_at: string | null;
}

export interface AttemptCounterTable {
  /** HMAC of a purpose, a scope and the normalised email or the address, never the value itself. */
  key_hash: string;
  /** When the key's current window began: its first attempt once the previous window had passed. */
  window_started_at: string;
  /** Attempts counted in that window, the one being checked included. */
  attempts: number;
}

export interface TotpFactorTable {
  person_id: string;
  /** The base32 secret, sealed under EQUIPAGE_SECRET (src/platform/auth/seal.ts). */
  secret_sealed: string;
  /** Null while enrolment waits for its first code. */
  confirmed_at: string | null;
  /** The last time step accepted: that code and earlier ones are refused. */
  last_step: number | null;
  created_at: string;
  updated_at: string;
}

export interface TotpRecoveryCodeTable {
  id: string;
  person_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface LoginChallengeTable {
  /** Digest of the token the second-step form carries. */
  id: string;
  person_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AdministratorTable {
  person_id: string;
  since: string;
  granted_by: string | null;
}

export interface TeamTable {
  id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  mission_fr: string;
  mission_en: string;
  responsibilities_fr: string;
  responsibilities_en: string;
  position: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TeamRoleTable {
  id: string;
  team_id: string;
  person_id: string;
  role: 'member' | 'lead';
  since: string;
  until: string | null;
  created_at: string;
}

export interface BureauOfficeTable {
  id: string;
  person_id: string;
  office: 'president' | 'secretary' | 'treasurer' | 'member';
  since: string;
  until: string | null;
  created_at: string;
  /** How the office was recorded: before the first session, confirmed by a second bureau member, or imported history. */
  source: ColumnType<BureauOfficeSource, BureauOfficeSource | undefined, BureauOfficeSource>;
  /** The confirmed change that started it, if any. */
  change_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type BureauOfficeSource = 'setup' | 'confirmed' | 'import';

/** A proposed change of the bureau's composition, waiting for a second bureau member (two-person rule). */
export interface BureauChangeTable {
  id: string;
  kind: 'appoint' | 'end';
  person_id: string;
  office: 'president' | 'secretary' | 'treasurer' | 'member';
  /** The office a change of kind `end` ends. */
  office_id: string | null;
  /** A later day the change takes effect on; null: the day it is confirmed. */
  effective_on: string | null;
  status: 'pending' | 'confirmed' | 'cancelled';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
}

export interface MembershipTable {
  id: string;
  person_id: string;
  status: 'active' | 'lapsing' | 'lapsed' | 'resigned' | 'excluded';
  since: string;
  until: string | null;
  /** The bureau decision the membership comes from ("Integration follows acceptance"); null for rows older than sessions. */
  decision_id: string | null;
  /** The `activeUntil` the last early warning was about: one warning per date, however often the run. */
  warned_until: string | null;
  /** The first day inactive (the notice), and the last day of the grace period that follows. */
  lapsing_since: string | null;
  grace_until: string | null;
  /** Grace over and the bureau to confirm: since when the case waits for (or sits on) an agenda. */
  review_since: string | null;
  /** The bureau kept the member: no new notice before this day (one grace period). */
  kept_until: string | null;
  ended_reason: 'lapsed' | 'resigned' | 'excluded' | null;
  ended_decision_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /**
   * A copy of the person's people.sort_key, written by the database's triggers only (on insert and
   * when the person's key changes): the register's name order, from an index.
   */
  sort_key: ColumnType<string, never, never>;
}

export interface AuditLogTable {
  id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface MailLogTable {
  id: string;
  to_address: string;
  person_id: string | null;
  kind: string;
  subject: string;
  body_text: string;
  created_at: string;
  sent_at: string | null;
  /** queued (waits for SMTP), sent, failed (given up), logged (no SMTP: the log is the delivery). */
  status: string;
  attempts: number;
  body_html: string | null;
  locale: string | null;
  last_error: string | null;
  /** JSON: [{ filename, contentType, content }] (text content, e.g. a calendar invitation). */
  attachments: string | null;
  /**
   * The mail's secret links and the attachments that hold one, sealed (mailLinks purpose key),
   * until the mail is delivered; never read by the log (src/platform/mail/secret-links.ts).
   */
  secret_payload: string | null;
  /**
   * A mail of a letter (src/platform/mail/letters.ts): the letter whose body it has, and its own
   * fields (JSON, `{ name: value }`) to put in it; its own body_text is then empty and its
   * body_html null. Null for a mail written alone.
   */
  letter_id: string | null;
  letter_fields: string | null;
}

/** A letter's body, written once for all its mails in one language and version (mail_log.letter_id). */
export interface MailLetterTable {
  id: string;
  kind: string;
  locale: string;
  /** The text and its HTML rendering, with letterField(name) marks where each mail's fields go. */
  body_text: string;
  body_html: string;
  created_at: string;
}

/** A person's activity standing under the policy of activity_standing_policy (contributions/activity-standings.ts). */
export interface ActivityStandingTable {
  person_id: string;
  last_on: string;
  nth_on: string | null;
  full_window_start: string | null;
}

/** The one policy the stored standings follow, as activityPolicyKey writes it. */
export interface ActivityStandingPolicyTable {
  id: number;
  policy: string;
}

export interface ContributionTable {
  id: string;
  person_id: string;
  team_id: string | null;
  kind: string;
  occurred_on: string;
  summary: string;
  evidence_url: string | null;
  amount_cents: number | null;
  source: string;
  external_id: string | null;
  status: 'declared' | 'confirmed' | 'rejected';
  recorded_by: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  rejection_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ForgeAccountTable {
  id: string;
  person_id: string;
  forge: string;
  identity: string;
  created_at: string;
}

export interface ForgeDeliveryTable {
  id: string;
  forge: string;
  delivery_id: string;
  event: string;
  received_at: string;
  result: unknown;
}

export interface ForgeUnknownAuthorTable {
  id: string;
  forge: string;
  identity: string;
  display_name: string | null;
  first_seen_at: string;
  last_seen_at: string;
  events: number;
}

export interface BureauRecurrenceTable {
  id: string;
  rrule: string;
  timezone: string;
  anchor: string | null;
  location: string | null;
  video_url: string | null;
  duration_minutes: number;
  sessions_ahead: number;
  updated_by: string | null;
  updated_at: string;
}

export type SessionStatus = 'planned' | 'open' | 'closed';

export interface BureauSessionTable {
  id: string;
  status: SessionStatus;
  scheduled_at: string;
  duration_minutes: number;
  location: string | null;
  video_url: string | null;
  origin: 'recurrence' | 'adhoc';
  recurrence_slot: string | null;
  bureau_size: number | null;
  quorum_required: number | null;
  /** The planned time of a session held earlier than planned (its `scheduled_at` is then when it was held). */
  planned_at: string | null;
  opened_by: string | null;
  opened_at: string | null;
  closed_by: string | null;
  closed_at: string | null;
  /** The minutes' record (docs/assemblies.md, "Minutes"): who chaired, who took the minutes, and their approval, after which nothing changes. */
  chair_id: string | null;
  secretary_id: string | null;
  minutes_approved_at: string | null;
  minutes_approved_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface BureauAttendanceTable {
  session_id: string;
  person_id: string;
  office: string;
  present: number;
}

export type ApplicationStatus = 'submitted' | 'scheduled' | 'accepted' | 'rejected' | 'deferred' | 'withdrawn';

export interface ApplicationTable {
  id: string;
  person_id: string;
  motivation: string;
  status: ApplicationStatus;
  session_id: string | null;
  rapporteur_id: string | null;
  decision_id: string | null;
  submitted_at: string;
  decided_at: string | null;
  withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** When the motivation was purged (retention or erasure, docs/privacy.md); the row and its outcome stay. */
  purged_at: string | null;
}

export type AgendaItemState = 'open' | 'decided' | 'carried_over' | 'withdrawn';

export interface AgendaItemTable {
  id: string;
  session_id: string;
  kind: 'application' | 'free' | 'membership';
  application_id: string | null;
  /** A lapse review: the membership the bureau confirms or keeps. */
  membership_id: string | null;
  /** A free item about a member (an exclusion). */
  person_id: string | null;
  title: string | null;
  body: string | null;
  position: number;
  state: AgendaItemState;
  carried_to: string | null;
  /** What was said on the item, written by the secretary for the minutes. */
  deliberations: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type ApplicationOutcome = 'accepted' | 'rejected' | 'deferred';
export type MembershipOutcome = 'lapse_confirmed' | 'kept' | 'excluded' | 'deferred';
export type DecisionOutcome = ApplicationOutcome | MembershipOutcome;

export interface DecisionTable {
  id: string;
  session_id: string;
  agenda_item_id: string;
  application_id: string | null;
  membership_id: string | null;
  outcome: DecisionOutcome;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  rationale: string | null;
  decided_by: string | null;
  decided_at: string;
}

export interface OutboxTable {
  id: string;
  topic: string;
  subject_type: string | null;
  subject_id: string | null;
  payload: unknown;
  created_at: string;
  available_at: string;
  attempts: number;
  delivered_at: string | null;
  last_error: string | null;
  /** Set when the dispatcher gave up: the event waits in the dead letters for a retry by hand. */
  dead_at: string | null;
  /** The instance that holds the event while it delivers it (until available_at, the lease). */
  claimed_by: string | null;
  /** When the current round of attempts began (first claim, or the last retry by hand): the retry window counts from it. */
  first_attempt_at: string | null;
}

export interface RoomTable {
  id: string;
  provider: string;
  address: string;
  audience: string;
  name: string;
  created_at: string;
  archived_at: string | null;
  last_reconciled_at: string | null;
  last_drift: string | null;
}

export interface RoomDeliveryTable {
  id: string;
  room_id: string;
  handle: string;
  person_id: string | null;
  action: string;
  outbox_id: string | null;
  delivered_at: string;
}

export interface AssemblyTable {
  id: string;
  kind: string;
  title: string;
  scheduled_at: string;
  duration_minutes: number;
  location: string | null;
  video_url: string | null;
  /** draft → convened → open → closed */
  status: string;
  convened_at: string | null;
  forced_reason: string | null;
  /** The planned time of an assembly held earlier than planned (its `scheduled_at` is then when it was held). */
  planned_at: string | null;
  opened_at: string | null;
  closed_at: string | null;
  minutes: string | null;
  /** The minutes' record (docs/assemblies.md, "Minutes"): who chaired, who took the minutes, and their approval, after which nothing changes. */
  chair_id: string | null;
  secretary_id: string | null;
  minutes_approved_at: string | null;
  minutes_approved_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AssemblyItemTable {
  id: string;
  assembly_id: string;
  position: number;
  title: string;
  body: string | null;
  /** What was said on the item, written by the secretary for the minutes. */
  deliberations: string | null;
}

export interface AssemblyDocumentTable {
  id: string;
  assembly_id: string;
  title: string;
  url: string | null;
  filename: string | null;
  content_type: string | null;
  content: Buffer | null;
  created_at: string;
}

export interface AssemblyInviteeTable {
  id: string;
  assembly_id: string;
  person_id: string;
  capacity: string;
  can_vote: number;
  convened_at: string | null;
  reminded_at: string | null;
  rsvp: string | null;
  rsvp_at: string | null;
  checked_in_at: string | null;
  checked_in_by: string | null;
  /** A copy of the person's people.sort_key, kept in step by a trigger: the invitee list's order, from an index. */
  sort_key: string;
}

export interface AssemblyProxyTable {
  id: string;
  assembly_id: string;
  giver_id: string;
  holder_id: string;
  created_at: string;
}

export interface AssemblyResolutionTable {
  id: string;
  assembly_id: string;
  position: number;
  title: string;
  text: string | null;
  majority: string;
  status: string;
  method: string | null;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  result: string | null;
  closed_at: string | null;
  version: number;
}

export interface AssemblyVoteTable {
  id: string;
  resolution_id: string;
  voter_id: string;
  cast_by: string;
  choice: string;
  cast_at: string;
}

export type RequestStatus = 'new' | 'in_progress' | 'waiting' | 'resolved' | 'closed';

/** A request to a team (docs/requests.md), from anyone with an email; followed through a private link. */
export interface RequestTable {
  id: string;
  category: string;
  /** The team that owns it: the category's team, or the chosen team for a join request. */
  team_id: string;
  status: RequestStatus;
  requester_email: string;
  requester_email_normalized: string;
  requester_name: string | null;
  requester_person_id: string | null;
  locale: string;
  subject: string;
  message: string;
  link: string | null;
  /** Whom a moderation report is about, as the reporter wrote it, and the person it matched. */
  concerns: string | null;
  reported_person_id: string | null;
  assignee_id: string | null;
  /** Digest of the follow link's token; the salt lets the application write the link again. */
  token_hash: string;
  token_salt: string;
  first_response_at: string | null;
  last_activity_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  join_outcome: 'accepted' | 'refused' | null;
  join_reason: string | null;
  join_person_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RequestMessageTable {
  id: string;
  request_id: string;
  author_kind: 'requester' | 'team' | 'consultation';
  author_id: string | null;
  /** 1: an internal note, never shown nor mailed to the requester. */
  internal: number;
  body: string;
  consultation_id: string | null;
  created_at: string;
}

export interface RequestConsultationTable {
  id: string;
  request_id: string;
  /** The team asked. */
  team_id: string;
  question: string;
  asked_by: string | null;
  asked_at: string;
  status: 'open' | 'answered';
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  version: number;
}

/** When each person's last daily digest of new requests went out: at most one a day, whichever instance sends it. */
export interface RequestDigestTable {
  person_id: string;
  sent_at: string;
}

export interface RequestThrottleTable {
  id: string;
  /** ip or email: which key this submission counts against. */
  scope: string;
  /** HMAC of the address or of the normalised email, never the value itself. */
  key_hash: string;
  at: string;
}

export interface DB {
  association: AssociationTable;
  association_settings: AssociationSettingsTable;
  people: PersonTable;
  people_search: PeopleSearchTable;
  identities: IdentityTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  password_resets: PasswordResetTable;
  person_emails: PersonEmailTable;
  email_changes: EmailChangeTable;
  attempt_counters: AttemptCounterTable;
  totp_factors: TotpFactorTable;
  totp_recovery_codes: TotpRecoveryCodeTable;
  login_challenges: LoginChallengeTable;
  administrators: AdministratorTable;
  teams: TeamTable;
  team_roles: TeamRoleTable;
  bureau_offices: BureauOfficeTable;
  bureau_changes: BureauChangeTable;
  memberships: MembershipTable;
  audit_log: AuditLogTable;
  mail_log: MailLogTable;
  mail_letters: MailLetterTable;
  contributions: ContributionTable;
  activity_standings: ActivityStandingTable;
  activity_standing_policy: ActivityStandingPolicyTable;
  forge_accounts: ForgeAccountTable;
  forge_deliveries: ForgeDeliveryTable;
  forge_unknown_authors: ForgeUnknownAuthorTable;
  bureau_recurrence: BureauRecurrenceTable;
  bureau_sessions: BureauSessionTable;
  bureau_attendance: BureauAttendanceTable;
  applications: ApplicationTable;
  agenda_items: AgendaItemTable;
  decisions: DecisionTable;
  outbox: OutboxTable;
  rooms: RoomTable;
  room_deliveries: RoomDeliveryTable;
  assemblies: AssemblyTable;
  assembly_items: AssemblyItemTable;
  assembly_documents: AssemblyDocumentTable;
  assembly_invitees: AssemblyInviteeTable;
  assembly_proxies: AssemblyProxyTable;
  assembly_resolutions: AssemblyResolutionTable;
  assembly_votes: AssemblyVoteTable;
  requests: RequestTable;
  request_messages: RequestMessageTable;
  request_consultations: RequestConsultationTable;
  request_throttle: RequestThrottleTable;
  request_digests: RequestDigestTable;
}
