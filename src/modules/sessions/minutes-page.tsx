import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../../platform/http/page.js';
import type { Session } from './repository.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';

/*
 * The minutes as a printable page. The Markdown is the one of record (GET …/minutes); the page
 * shows exactly that text, through a renderer for exactly what renderMinutes writes: headings,
 * "- " lists, "1. " numbered lists (their indented lines are the item's paragraphs), "> " quotes, **bold** and paragraphs. Text reaches the page as preact text nodes,
 * so HTML in it stays text; the backslashes escapeMarkdown put before people's characters go.
 */

export type MinutesBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'list'; items: string[] }
  /** A numbered list (an assembly's agenda), each item with the paragraphs indented under it. */
  | { kind: 'ordered'; items: { text: string; details: string[] }[] }
  | { kind: 'quote'; text: string }
  | { kind: 'paragraph'; text: string };

export function minutesBlocks(markdown: string): MinutesBlock[] {
  const blocks: MinutesBlock[] = [];
  // What the previous line was, so that a list or a quote goes on until a blank line or another block.
  let previous: MinutesBlock['kind'] | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    const last = blocks.at(-1);
    if (line.trim() === '') previous = null;
    else if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]! });
      previous = 'heading';
    } else if (/^\d+\. /.test(line)) {
      const item = { text: line.replace(/^\d+\. /, ''), details: [] };
      if (previous === 'ordered' && last?.kind === 'ordered') last.items.push(item);
      else blocks.push({ kind: 'ordered', items: [item] });
      previous = 'ordered';
    } else if (previous === 'ordered' && last?.kind === 'ordered' && line.startsWith('   ')) {
      last.items.at(-1)!.details.push(line.trim());
    } else if (line.startsWith('- ')) {
      if (previous === 'list' && last?.kind === 'list') last.items.push(line.slice(2));
      else blocks.push({ kind: 'list', items: [line.slice(2)] });
      previous = 'list';
    } else if (line.startsWith('> ')) {
      if (previous === 'quote' && last?.kind === 'quote') last.text += ` ${line.slice(2)}`;
      else blocks.push({ kind: 'quote', text: line.slice(2) });
      previous = 'quote';
    } else {
      if (previous === 'paragraph' && last?.kind === 'paragraph') last.text += ` ${line}`;
      else blocks.push({ kind: 'paragraph', text: line });
      previous = 'paragraph';
    }
  }
  return blocks;
}

/** The characters escapeMarkdown (minutes.ts) puts a backslash before. */
const ESCAPED = '\\`*_{}[]()#+!|<>~.';

/** One line's inline Markdown: `**bold**` and backslash escapes; an unpaired `**` stays as written. */
export function inlineMarkdown(text: string): ComponentChildren[] {
  // The text between `**` markers: odd pieces are bold when their closing marker exists.
  const pieces = [''];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && ESCAPED.includes(text[i + 1]!)) pieces[pieces.length - 1] += text[++i];
    else if (c === '*' && text[i + 1] === '*') {
      pieces.push('');
      i++;
    } else pieces[pieces.length - 1] += c;
  }
  const paired = Math.floor((pieces.length - 1) / 2) * 2;
  const out: ComponentChildren[] = [];
  pieces.forEach((piece, i) => {
    const shown = i > paired ? `**${piece}` : piece;
    if (shown) out.push(i % 2 === 1 && i <= paired ? <strong>{shown}</strong> : shown);
  });
  return out;
}

/** Plain text of a line (for the page's title): escapes and emphasis removed. */
export function plainText(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+!|<>~])|\*\*/g, (_m, c: string | undefined) => c ?? '');
}

export function MinutesDocument(props: { markdown: string; lang?: string }) {
  return (
    <article class="minutes" lang={props.lang}>
      {minutesBlocks(props.markdown).map((b) => {
        if (b.kind === 'heading') {
          const Tag = `h${b.level}` as 'h1' | 'h2' | 'h3';
          return <Tag>{inlineMarkdown(b.text)}</Tag>;
        }
        if (b.kind === 'list')
          return (
            <ul>
              {b.items.map((item) => (
                <li>{inlineMarkdown(item)}</li>
              ))}
            </ul>
          );
        if (b.kind === 'ordered')
          return (
            <ol>
              {b.items.map((item) => (
                <li>
                  {inlineMarkdown(item.text)}
                  {item.details.map((d) => (
                    <p>{inlineMarkdown(d)}</p>
                  ))}
                </li>
              ))}
            </ol>
          );
        if (b.kind === 'quote')
          return (
            <blockquote>
              <p>{inlineMarkdown(b.text)}</p>
            </blockquote>
          );
        return <p>{inlineMarkdown(b.text)}</p>;
      })}
    </article>
  );
}

/** The minutes are written in the association's language (`lang`), whatever the reader's. */
export function MinutesPage(props: { ctx: PageContext; sessionId: string; markdown: string; audience: 'bureau' | 'members'; lang: string }) {
  const { ctx, sessionId, markdown } = props;
  const { t } = ctx.i18n;
  const title = minutesBlocks(markdown).find((b) => b.kind === 'heading');
  return (
    <Layout ctx={ctx} title={title ? plainText(title.text) : t('sessions.minutes.title')}>
      <nav aria-label={t('sessions.minutes.tools')} class="print-hidden">
        <ul>
          <li>
            {props.audience === 'bureau' ? (
              <a href={`/bureau/sessions/${sessionId}`}>{t('sessions.minutes.backToSession')}</a>
            ) : (
              <a href="/minutes">{t('sessions.minutes.all')}</a>
            )}
          </li>
          <li>
            <a href={`/api/v1/bureau/sessions/${sessionId}/minutes`} type="text/markdown">
              {t('sessions.minutes.markdown')}
            </a>
          </li>
        </ul>
      </nav>
      {/* No script may run inline here (Content-Security-Policy: script-src 'self'), so no print button: the browser's own command. */}
      <p class="muted print-hidden">{t('sessions.minutes.print')}</p>
      <MinutesDocument markdown={markdown} lang={props.lang === ctx.i18n.locale ? undefined : props.lang} />
    </Layout>
  );
}

/** The minutes that members (and the bureau) can read: closed sessions, latest first. */
export function MinutesIndexPage(props: { ctx: PageContext; sessions: Session[]; timeZone: string }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('sessions.minutes.index')}>
      <h1>{t('sessions.minutes.index')}</h1>
      <p>{t('sessions.minutes.indexIntro')}</p>
      {props.sessions.length === 0 ? (
        <p>{t('sessions.minutes.none')}</p>
      ) : (
        <ul>
          {props.sessions.map((s) => (
            <li>
              <a href={`/bureau/sessions/${s.id}/minutes`}>
                {t('sessions.minutes.of', { date: formatMeetingDate(s.scheduledAt, ctx.i18n.locale, props.timeZone, false) })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
