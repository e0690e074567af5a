import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/types.js';
import { AppError } from '../../platform/errors.js';
import { formFields } from '../../platform/http/forms.js';
import { MinutesApprovalConfirmation, readMinutesForm } from '../sessions/minutes-record-form.js';
import { checkMinutesApproval } from '../sessions/rules.js';
import { assemblyForMinutes } from './minutes-record.js';
import type { AgendaPageDeps } from './agenda-pages.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const formOf = (policy: string) => ({ config: { policy, page: true }, schema: { params: IdParams, hide: true } });

/**
 * The secretary's part of an assembly's minutes, from its page: who chaired, who took them,
 * what was said on each item; then their approval, after a confirmation page that names who
 * answers for them (checkMinutesApproval's rule).
 */
export function minutesPages(app: App, deps: Omit<AgendaPageDeps, 'confirmations'>): void {
  const { assemblies, pageContext, at, submit } = deps;

  app.post('/assemblies/:id/minutes', formOf('assemblies.conduct'), async (request, reply) =>
    submit(request, reply, request.params, {
      read: (r) => {
        const values = formFields(r.body);
        return { form: 'minutes', values, errors: readMinutesForm(values).errors };
      },
      run: async (r, { id }) => {
        await assemblies.recordMinutes(r.actor, id, readMinutesForm(formFields(r.body)).change);
        return at(id, 'notice.minutesRecorded', '#minutes-record');
      },
    }),
  );

  app.post('/assemblies/:id/minutes/approve', formOf('assemblies.conduct'), async (request, reply) =>
    submit(request, reply, request.params, {
      read: () => ({ form: null }),
      confirm: (r, { id }) => confirmApproval(r, id),
      run: async (r, { id }) => {
        await assemblies.approveMinutes(r.actor, id);
        return at(id, 'notice.minutesApproved', '#minutes-record');
      },
    }),
  );

  async function confirmApproval(request: FastifyRequest, id: string) {
    const ctx = await pageContext(request);
    const assembly = await assemblies.get(request.actor, id);
    const refusal = checkMinutesApproval(assemblyForMinutes(assembly));
    if (refusal) throw AppError.from(refusal);
    const present = await assemblies.presentForMinutes(request.actor, id);
    const name = (personId: string | null) => present.find((p) => p.personId === personId)?.displayName ?? '—';
    return (
      <MinutesApprovalConfirmation
        ctx={ctx}
        chair={name(assembly.chairId)}
        secretary={name(assembly.secretaryId)}
        written={assembly.agenda.filter((item) => item.deliberations).length}
        action={`/assemblies/${encodeURIComponent(id)}/minutes/approve`}
        back={`/assemblies/${encodeURIComponent(id)}#minutes-record`}
      />
    );
  }
}
