/**
 * The one error table: every refusal the application can give, with its HTTP status. Rules
 * return typed refusals `{ code, message }`; services throw AppError; the HTTP layer maps the
 * code to a status here and nowhere else.
 */
export const errorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  malformed_body: 400,
  invalid_csv: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  forbidden: 403,
  csrf_failed: 403,
  second_factor_required: 403,
  own_contribution: 403,
  account_owner_only: 403,
  not_found: 404,
  invalid_rsvp_token: 404,
  invalid_follow_token: 404,
  invalid_email_token: 404,
  method_not_allowed: 405,
  email_taken: 409,
  slug_taken: 409,
  version_conflict: 409,
  setup_already_done: 409,
  already_on_team: 409,
  not_on_team: 409,
  office_already_held: 409,
  already_reviewed: 409,
  forge_account_taken: 409,
  already_member: 409,
  application_already_open: 409,
  application_closed: 409,
  illegal_transition: 409,
  session_not_planned: 409,
  session_not_open: 409,
  already_decided: 409,
  not_decidable: 409,
  room_exists: 409,
  provider_not_configured: 422,
  not_dead_letter: 409,
  already_present: 409,
  assembly_not_open: 409,
  resolution_not_open: 409,
  already_voted: 409,
  counts_only: 409,
  already_erased: 409,
  active_bureau_member: 409,
  last_administrator: 409,
  still_member: 409,
  open_application: 409,
  // The bureau's composition (nobody alone changes it).
  bureau_quorum_at_risk: 409,
  change_not_pending: 409,
  self_appointment: 403,
  second_member_required: 403,
  no_pending_email_change: 409,
  already_signed_up: 409,
  mail_not_configured: 409,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_reset_token: 422,
  weak_password: 422,
  wrong_current_password: 422,
  invalid_second_factor: 422,
  import_invalid: 422,
  not_active_contributor: 422,
  application_cooldown: 422,
  quorum_not_reached: 422,
  notice_period_too_short: 422,
  empty_agenda: 422,
  amendment_too_late: 422,
  agenda_locked: 409,
  meeting_not_held: 409,
  minutes_approved: 409,
  minutes_incomplete: 422,
  not_a_voter: 422,
  not_invited: 422,
  not_present: 422,
  proxy_to_self: 422,
  proxy_chain: 422,
  too_many_proxies: 422,
  too_many_attempts: 429,
  too_many_requests: 429,
  provider_unavailable: 502,
  setup_required: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  /** JSON pointer-like path of the offending field, e.g. `/email` or `/lines/3/email`. */
  path: string;
  code: string;
  message: string;
}

/** A typed refusal, as pure rules return it. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = errorStatus[code];
  }

  static from(refusal: Refusal): AppError {
    return new AppError(refusal.code, refusal.message, refusal.errors ?? []);
  }
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('id' in value);
}

export interface Problem {
  type: string;
  status: number;
  title: string;
  detail: string;
  code: string;
  errors: FieldError[];
}
