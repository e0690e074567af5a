import type { PageContext } from '../../platform/http/page.js';
import { ConfirmationPage } from '../../platform/http/confirmation.js';
import type { AssembliesService } from './service.js';
import type { Actor } from '../../platform/auth/actor.js';

/**
 * The confirmations of an assembly's acts that can't be undone: each says what will happen, with
 * the counts, and changes nothing. The counts come from the service's previews, which refuse what
 * the act itself would refuse: a confirmation never promises what won't happen.
 */
export function assemblyConfirmations(assemblies: AssembliesService) {
  const base = (id: string) => `/assemblies/${encodeURIComponent(id)}`;
  return {
    async convene(ctx: PageContext, actor: Actor, id: string, fields: Record<string, string>, input: { force?: boolean; reason?: string }) {
      const { t } = ctx.i18n;
      const [assembly, preview] = await Promise.all([assemblies.get(actor, id), assemblies.convocationPreview(actor, id, input)]);
      return (
        <ConfirmationPage
          ctx={ctx}
          title={t('assemblies.convene.confirm.title', { title: assembly.title })}
          consequences={[
            t('assemblies.convene.confirm.mails', { count: preview.invitees }),
            t('assemblies.convene.confirm.voters', { count: preview.voters }),
            t('assemblies.convene.confirm.agenda', { count: assembly.agenda.length }),
            ...(input.force && input.reason ? [t('assemblies.convene.confirm.forced', { reason: input.reason })] : []),
          ]}
          action={`${base(id)}/convene`}
          fields={fields}
          confirmLabel={t('assemblies.convene.confirm.submit', { count: preview.invitees })}
          back={base(id)}
        />
      );
    },

    async closeResolution(ctx: PageContext, actor: Actor, id: string, resolutionId: string) {
      const { t } = ctx.i18n;
      const preview = await assemblies.resolutionClosePreview(actor, id, resolutionId);
      return (
        <ConfirmationPage
          ctx={ctx}
          title={t('assemblies.resolution.confirm.title', { title: preview.title })}
          consequences={[
            t('assemblies.resolution.confirm.counts', { for: preview.for, against: preview.against, abstain: preview.abstain }),
            t(preview.result === 'adopted' ? 'assemblies.resolution.confirm.adopted' : 'assemblies.resolution.confirm.rejected'),
            t('assemblies.resolution.confirm.final'),
          ]}
          action={`${base(id)}/resolutions/${encodeURIComponent(resolutionId)}/close`}
          confirmLabel={t('assemblies.resolution.confirm.submit')}
          back={`${base(id)}#resolution-${resolutionId}`}
        />
      );
    },

    async close(ctx: PageContext, actor: Actor, id: string) {
      const { t } = ctx.i18n;
      const [assembly, preview] = await Promise.all([assemblies.get(actor, id), assemblies.closePreview(actor, id)]);
      return (
        <ConfirmationPage
          ctx={ctx}
          title={t('assemblies.close.confirm.title', { title: assembly.title })}
          consequences={[t('assemblies.close.confirm.minutes', { count: preview.invitees }), t('assemblies.close.confirm.links')]}
          action={`${base(id)}/close`}
          confirmLabel={t('assemblies.close.confirm.submit')}
          back={base(id)}
        />
      );
    },

    /** Removing an item, a document or a resolution: nothing sent while a draft; an amendment to everyone convened after. */
    async removeFromAgenda(ctx: PageContext, actor: Actor, id: string, what: { title: string; action: string; anchor: string }) {
      const { t } = ctx.i18n;
      const preview = await assemblies.agendaChangePreview(actor, id);
      return (
        <ConfirmationPage
          ctx={ctx}
          title={t('assemblies.remove.confirm.title', { title: what.title })}
          consequences={[preview.amendment ? t('assemblies.remove.confirm.amendment', { count: preview.invitees }) : t('assemblies.remove.confirm.free')]}
          action={what.action}
          confirmLabel={t('assemblies.remove.confirm.submit')}
          back={`${base(id)}${what.anchor}`}
        />
      );
    },
  };
}
