import { CsrfField } from '../../platform/http/page.js';
import { ResolutionEditor } from './agenda-editor.js';
import { MAJORITIES, VOTE_CHOICES } from './rules.js';
import type { Resolution } from './types.js';
import type { AssemblyPageProps } from './assembly-page-props.js';
import { Input, Select, TextArea, labelled } from '../../platform/http/ui/form-controls.js';

/*
 * The resolutions of an assembly, on its page: proposed, put to the vote, voted in the app or by
 * a show of hands, closed with their result. Each control shows only when the service says the
 * reader may use it (allowedActions), and only in the resolution's state where it applies.
 */

export function ResolutionsSection(props: AssemblyPageProps) {
  const { ctx, assembly } = props;
  const { t } = ctx.i18n;
  const values = props.form === 'resolution' ? props.values : {};
  if (assembly.resolutions.length === 0 && !assembly.allowedActions.includes('addResolution')) return null;
  return (
    <section aria-labelledby="resolutions-title">
      <h2 id="resolutions-title">{t('assemblies.resolutions.title')}</h2>
      {assembly.resolutions.length === 0 ? <p>{t('assemblies.resolutions.none')}</p> : null}
      {assembly.resolutions.map((r) => (
        <ResolutionView {...props} resolution={r} />
      ))}
      {assembly.allowedActions.includes('addResolution') ? (
        <form method="post" action={`/assemblies/${assembly.id}/resolutions`} novalidate>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('assemblies.resolutions.add')}</legend>
            <Input
              field="resolution-title"
              name="title"
              label={t('assemblies.resolutions.resTitle')}
              value={values.title}
              errors={props.errors}
              required
              maxLength={200}
            />
            <TextArea field="resolution-text" name="text" label={t('assemblies.resolutions.text')} value={values.text} errors={props.errors} maxLength={5000} />
            <Select
              field="resolution-majority"
              name="majority"
              label={t('assemblies.resolutions.majority')}
              value={values.majority ?? 'simple'}
              options={MAJORITIES.map((majority) => ({ value: majority, label: t(`assemblies.majority.${majority}`) }))}
              errors={props.errors}
            />
          </fieldset>
          <button type="submit">{t('assemblies.resolutions.submit')}</button>
        </form>
      ) : null}
    </section>
  );
}

function ResolutionView(props: AssemblyPageProps & { resolution: Resolution }) {
  const { ctx, assembly, resolution: r } = props;
  const { t } = ctx.i18n;
  const can = (action: string) => assembly.allowedActions.includes(action);
  const base = `/assemblies/${assembly.id}/resolutions/${r.id}`;
  const countsForm = `counts-${r.id}`;
  const counts = props.form === countsForm ? props.values : {};
  const chose = assembly.me?.choices[r.id] ?? null;
  // A vote shows what I chose; it stays open to change until the vote closes, if the bylaws allow.
  const voted = chose !== null && !can('changeVote');
  // Who votes in person also votes for the absent members whose proxy they hold.
  const proxies = assembly.me?.holdsProxiesFor.length ?? 0;
  return (
    <article id={`resolution-${r.id}`} aria-labelledby={`resolution-${r.id}-title`}>
      <h3 id={`resolution-${r.id}-title`}>{t('assemblies.resolution.heading', { position: r.position, title: r.title })}</h3>
      {r.text ? <p class="pre-line">{r.text}</p> : null}
      <ul>
        <li>
          {labelled(ctx, t('assemblies.resolutions.majority'))} {t(`assemblies.majority.${r.majority}`)}
        </li>
        <li>
          {labelled(ctx, t('assemblies.field.status'))} {t(`assemblies.resolution.status.${r.status}`)}
        </li>
        {r.votes ? (
          <li>
            {labelled(ctx, t(r.method === 'show_of_hands' ? 'assemblies.resolution.hands' : 'assemblies.resolution.votes'))}{' '}
            {t('assemblies.resolution.count', { for: r.votes.for, against: r.votes.against, abstain: r.votes.abstain })}
          </li>
        ) : null}
        {r.result ? (
          <li>
            {labelled(ctx, t('assemblies.resolution.result'))} <strong>{t(`assemblies.resolution.result.${r.result}`)}</strong>
          </li>
        ) : null}
      </ul>
      {r.status === 'proposed' && can('changeResolutions') ? <ResolutionEditor ctx={ctx} assembly={assembly} resolution={r} errors={props.errors} /> : null}
      {r.status === 'proposed' && can('openResolution') ? (
        <form method="post" action={`${base}/open`}>
          <CsrfField ctx={ctx} />
          <button type="submit">{t('assemblies.resolution.open', { title: r.title })}</button>
        </form>
      ) : null}
      {r.status === 'open' && can('vote') ? (
        voted ? (
          <p>
            {t('assemblies.resolution.voted')} {t('assemblies.resolution.myChoice', { choice: t(`assemblies.vote.${chose!}`) })}
          </p>
        ) : r.method === 'show_of_hands' ? (
          <p>{t('assemblies.resolution.byHands')}</p>
        ) : !assembly.me?.checkedInAt ? (
          <p>{t('assemblies.resolution.checkInFirst')}</p>
        ) : (
          <form method="post" action={`${base}/vote`}>
            <CsrfField ctx={ctx} />
            {chose ? (
              <p>
                <strong>{t('assemblies.resolution.myChoice', { choice: t(`assemblies.vote.${chose}`) })}</strong> {t('assemblies.resolution.mayChange')}
              </p>
            ) : null}
            {proxies > 0 ? <p>{t('assemblies.resolution.withProxies', { count: proxies })}</p> : null}
            <div role="group" aria-label={t('assemblies.resolution.yourVote')}>
              {VOTE_CHOICES.map((choice) => (
                <button type="submit" name="choice" value={choice} class={chose && chose !== choice ? 'secondary outline' : undefined}>
                  {t(`assemblies.vote.${choice}`)}
                </button>
              ))}
            </div>
          </form>
        )
      ) : null}
      {r.status === 'open' && r.method !== 'individual' && can('recordCounts') ? (
        <form method="post" action={`${base}/counts`} novalidate>
          <CsrfField ctx={ctx} />
          <fieldset id={`field-${countsForm}-counts`}>
            <legend>{t('assemblies.resolution.countsLegend')}</legend>
            <div class="grid">
              {VOTE_CHOICES.map((name) => (
                <Input
                  field={`${countsForm}-${name}`}
                  name={name}
                  type="number"
                  min={0}
                  label={t(`assemblies.vote.${name}`)}
                  value={counts[name]}
                  errors={props.errors}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" class="secondary">
            {t('assemblies.resolution.countsSubmit')}
          </button>
        </form>
      ) : null}
      {r.status === 'open' && can('closeResolution') ? (
        <form method="post" action={`${base}/close`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="irreversible">
            {t('assemblies.resolution.close', { title: r.title })}
          </button>
        </form>
      ) : null}
    </article>
  );
}
