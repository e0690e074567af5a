import { CsrfField, type PageContext } from '../../platform/http/page.js';
import { Input, Select, TextArea } from '../../platform/http/ui/form-controls.js';
import type { FieldError } from '../../platform/errors.js';
import { MAJORITIES } from './rules.js';
import type { AgendaItem, AssemblyView, Resolution } from './types.js';

/*
 * The controls that change what an assembly's agenda holds, for the bureau until the assembly
 * opens: an edit form folded under each item and resolution, and a remove button that first asks
 * for confirmation. Once convened, the page says that each change goes out as an amendment.
 */

/** Said above the agenda of a convened assembly, to whoever may still change it. */
export function AmendmentWarning(props: { ctx: PageContext; assembly: AssemblyView }) {
  if (props.assembly.status !== 'convened') return null;
  return (
    <p class="notice" role="note">
      {props.ctx.i18n.t('assemblies.agenda.amendmentWarning')}
    </p>
  );
}

/** A button that leads to the removal's confirmation (the removal itself is done from there). */
export function RemoveButton(props: { ctx: PageContext; action: string; title: string }) {
  const { t } = props.ctx.i18n;
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <button type="submit" class="secondary" aria-label={t('assemblies.agenda.removeLabel', { title: props.title })}>
        {t('assemblies.agenda.remove')}
      </button>
    </form>
  );
}

/** An item of the agenda, its edit form folded under it and its remove button. */
export function EditableItem(props: { ctx: PageContext; assembly: AssemblyView; item: AgendaItem; errors: FieldError[] }) {
  const { ctx, item } = props;
  const { t } = ctx.i18n;
  const base = `/assemblies/${props.assembly.id}/items/${item.id}`;
  const key = `item-${item.id}`;
  return (
    <li id={key}>
      <strong>{item.title}</strong>
      {item.body ? <p class="pre-line">{item.body}</p> : null}
      <details>
        <summary>{t('assemblies.agenda.editLabel', { title: item.title })}</summary>
        <form method="post" action={base} novalidate>
          <CsrfField ctx={ctx} />
          <Input
            field={`${key}-title`}
            name="title"
            label={t('assemblies.agenda.itemTitle')}
            value={item.title}
            errors={props.errors}
            required
            maxLength={200}
          />
          <TextArea field={`${key}-body`} name="body" label={t('assemblies.agenda.itemBody')} value={item.body ?? ''} errors={props.errors} maxLength={5000} />
          <button type="submit">{t('assemblies.agenda.save')}</button>
        </form>
      </details>
      <RemoveButton ctx={ctx} action={`${base}/remove`} title={item.title} />
    </li>
  );
}

/** A proposed resolution's edit form and remove button. */
export function ResolutionEditor(props: { ctx: PageContext; assembly: AssemblyView; resolution: Resolution; errors: FieldError[] }) {
  const { ctx, resolution: r } = props;
  const { t } = ctx.i18n;
  const base = `/assemblies/${props.assembly.id}/resolutions/${r.id}`;
  const key = `resolution-${r.id}-edit`;
  return (
    <>
      <details>
        <summary>{t('assemblies.agenda.editLabel', { title: r.title })}</summary>
        <form method="post" action={base} novalidate>
          <CsrfField ctx={ctx} />
          <Input
            field={`${key}-title`}
            name="title"
            label={t('assemblies.resolutions.resTitle')}
            value={r.title}
            errors={props.errors}
            required
            maxLength={200}
          />
          <TextArea field={`${key}-text`} name="text" label={t('assemblies.resolutions.text')} value={r.text ?? ''} errors={props.errors} maxLength={5000} />
          <Select
            field={`${key}-majority`}
            name="majority"
            label={t('assemblies.resolutions.majority')}
            value={r.majority}
            errors={props.errors}
            options={MAJORITIES.map((m) => ({ value: m, label: t(`assemblies.majority.${m}`) }))}
          />
          <button type="submit">{t('assemblies.agenda.save')}</button>
        </form>
      </details>
      <RemoveButton ctx={ctx} action={`${base}/remove`} title={r.title} />
    </>
  );
}
