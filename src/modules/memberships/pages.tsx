import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../platform/http/page.js';
import type { MembershipsUses } from './uses.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { sendHtml } from '../../platform/http/page.js';
import { formFields } from '../../platform/http/forms.js';
import { RegisterPage, registerFilterOf, serviceFilterOf } from './register-page.js';
import { ResignPage } from './resign-page.js';
import { isCurrentMembership } from './rules.js';

/** Twelve months read at a glance; the JSON API gives up to ten years. */
const COUNTS_MONTHS = 12;

/** The register of members (bureau) and the member's resignation. One's own status is on /membership. */
/** The register's filters, read as they come: an unknown status or a malformed cursor shows the first page of all. */
const RegisterQuery = Type.Object({ status: Type.Optional(Type.Unknown()), cursor: Type.Optional(Type.Unknown()) });

/** Rows per page of the register. */
const REGISTER_PAGE = 100;

export function membershipsPages(app: App, deps: PageDeps<MembershipsUses>): void {
  const { services, pageContext } = deps;

  app.get('/members', { config: { policy: 'members.register', page: true }, schema: { querystring: RegisterQuery, hide: true } }, async (request, reply) => {
    const query = request.query;
    const filter = registerFilterOf(query.status);
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 500 ? query.cursor : undefined;
    // A page at a time: a federation's register holds thousands of members.
    const [ctx, page, counts] = await Promise.all([
      pageContext(request),
      services.memberships.registerPage(request.actor, { ...serviceFilterOf(filter), limit: REGISTER_PAGE, cursor }),
      services.memberships.counts(request.actor, COUNTS_MONTHS),
    ]);
    return sendHtml(reply, <RegisterPage ctx={ctx} filter={filter} items={page.items} nextCursor={page.nextCursor} counts={counts} />);
  });

  app.get('/membership/resign', { config: { policy: 'membership.resign', page: true } }, async (request, reply) => {
    const [ctx, membership] = await Promise.all([pageContext(request), services.memberships.of(request.actor, request.actor.personId!)]);
    return sendHtml(reply, <ResignPage ctx={ctx} membership={membership} errors={[]} />);
  });

  app.post('/membership/resign', { config: { policy: 'membership.resign', page: true } }, async (request, reply) => {
    const personId = request.actor.personId!;
    const { t } = request.i18n;
    const page = async (status: number, extras: { errors?: FieldError[]; message?: string }) => {
      const [ctx, membership] = await Promise.all([pageContext(request), services.memberships.of(request.actor, personId)]);
      return sendHtml(reply, <ResignPage ctx={ctx} membership={membership} errors={extras.errors ?? []} message={extras.message} />, status);
    };
    const refused = () => page(409, { message: t('memberships.resign.refused') });
    // The confirmation step: a member who did not tick the box changes nothing and is told beside
    // it; someone who is not a member has no box to tick, and is told that instead.
    if (formFields(request.body).confirm !== 'yes') {
      const { status } = await services.memberships.of(request.actor, personId);
      if (status === 'none' || !isCurrentMembership(status)) return refused();
      return page(400, { errors: [{ path: '/confirm', code: 'required', message: t('memberships.resign.confirmRequired') }] });
    }
    try {
      await services.memberships.resign(request.actor, personId);
      return reply.redirect('/membership?notice=notice.resigned', 303);
    } catch (e) {
      // Not (or no longer) a member: said on the page, which then offers no form.
      if (!(e instanceof AppError) || e.code !== 'illegal_transition') throw e;
      return refused();
    }
  });
}
