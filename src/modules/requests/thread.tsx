import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../platform/http/page.js';
import { categoryLabel } from './labels.js';

/*
 * What the requester's page and the team's page share: the facts of a request and its thread.
 * Each page passes only what its reader may see (the requester's page never has internal notes).
 */

export interface ThreadEntry {
  author: 'requester' | 'team' | 'consultation';
  /** Who wrote it, when the reader may know (the team's page); the requester sees "the team". */
  authorName?: string | null;
  internal?: boolean;
  /** For a consultation's answer: the team that answered. */
  teamName?: string;
  body: string;
  createdAt: string;
}

export function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

export function CategoryName(props: { ctx: PageContext; category: string }) {
  return <>{categoryLabel(props.ctx.i18n.locale, props.category)}</>;
}

/** The thread, oldest first: the original message, then every reply (and note) in order. */
export function Thread(props: {
  ctx: PageContext;
  /** The reader is the requester: their messages are "you", the team's are "the team". */
  asRequester: boolean;
  teamName: string;
  original: { body: string; createdAt: string; by: string | null };
  entries: ThreadEntry[];
}) {
  const { ctx, asRequester } = props;
  const { t } = ctx.i18n;
  const who = (e: ThreadEntry): string => {
    if (e.author === 'requester') return asRequester ? t('requests.thread.you') : t('requests.thread.requester');
    if (e.author === 'consultation') return t('requests.thread.consultation', { team: e.teamName ?? '' });
    if (asRequester || !e.authorName) return t('requests.thread.team', { team: props.teamName });
    return e.authorName;
  };
  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">{t('requests.thread.title')}</h2>
      <article>
        <header>
          <strong>{asRequester ? t('requests.thread.you') : (props.original.by ?? t('requests.thread.requester'))}</strong> ·{' '}
          <time dateTime={props.original.createdAt}>{ctx.i18n.dateTime(props.original.createdAt)}</time> · {t('requests.thread.original')}
        </header>
        <p class="pre-line">{props.original.body}</p>
      </article>
      {props.entries.length === 0 ? <p class="muted">{t('requests.thread.empty')}</p> : null}
      {props.entries.map((e) => (
        <article class={e.internal ? 'internal-note' : undefined}>
          <header>
            <strong>{who(e)}</strong> · <time dateTime={e.createdAt}>{ctx.i18n.dateTime(e.createdAt)}</time>
            {e.internal && e.author !== 'consultation' ? <> · {t('requests.thread.internal')}</> : null}
          </header>
          <p class="pre-line">{e.body}</p>
        </article>
      ))}
    </section>
  );
}
