import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Actor } from '../auth/actor.js';
import type { Translator } from '../i18n/index.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    i18n: Translator;
    /** The token that this visitor's forms must send back as `_csrf`. */
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** The action this route performs, checked by the policy table before the handler runs. */
    policy?: string;
    /** Errors on this route are shown as an HTML page rather than problem+json. */
    page?: boolean;
    /** Reachable before the first administrator exists (the setup page, assets, health). */
    beforeSetup?: boolean;
    /** Open to someone who must still enrol a second factor (logging in and out, the enrolment pages). */
    duringEnrolment?: boolean;
    /** An import that takes a large body (its own bodyLimit) or a multipart upload: authorised before the body is read. */
    upload?: boolean;
    /**
     * Its body (a CSV sent to the API) or its form's file (the import page) written to a private
     * file as it arrives and read from there, removed with the answer (platform/http/uploads.ts).
     */
    spool?: boolean;
  }
}
