import { translate, type Locale } from '../i18n/index.js';

/**
 * The HTML version of a mail, made from its plain text (the text stays the reference: it is what
 * the log shows and what the templates write). Everything from the text is escaped, so a name or
 * a rationale typed by someone can never become markup. Styles are inline because mail clients
 * drop stylesheets; the layout is one narrow column that reads on a phone and in a webmail.
 */
export function renderMailHtml(m: { locale: Locale; subject: string; text: string; association: string }): string {
  const paragraphs = m.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '')
    .map((p) => `<p style="${styles.paragraph}">${p.split('\n').map(linkify).join('<br>\n')}</p>`);
  const footer = escapeHtml(translate(m.locale, 'mail.footer', { association: m.association }));
  return [
    '<!DOCTYPE html>',
    `<html lang="${m.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(m.subject)}</title>`,
    '</head>',
    `<body style="${styles.body}">`,
    // Tables, not divs: the one layout that older desktop clients (Outlook) keep centred.
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${styles.outer}"><tr><td align="center">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${styles.card}">`,
    `<tr><td style="${styles.header}">${escapeHtml(m.association)}</td></tr>`,
    `<tr><td style="${styles.content}">`,
    ...paragraphs,
    '</td></tr>',
    `<tr><td style="${styles.footer}">${footer}</td></tr>`,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const font = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;";
const styles = {
  body: `margin: 0; padding: 0; background-color: #f3f4f6; ${font}`,
  outer: 'background-color: #f3f4f6; padding: 24px 8px;',
  card: 'max-width: 600px; background-color: #ffffff; border: 1px solid #e5e7eb; border-radius: 6px;',
  header: `padding: 20px 24px; border-bottom: 1px solid #e5e7eb; font-size: 18px; font-weight: bold; color: #1f2937; ${font}`,
  content: `padding: 8px 24px 16px; font-size: 16px; line-height: 1.5; color: #1f2937; ${font}`,
  paragraph: 'margin: 16px 0;',
  footer: `padding: 16px 24px; border-top: 1px solid #e5e7eb; font-size: 13px; line-height: 1.4; color: #6b7280; ${font}`,
  link: 'color: #1d4ed8; text-decoration: underline; word-break: break-all;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// An address runs to the next space or angle bracket.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const SENTENCE_PUNCTUATION = ".,;:!?]}»”’'*";

/**
 * Leaves out the punctuation that follows a link in a sentence ("… ce lien : https://x.org/a."),
 * and a closing parenthesis unless the address opened one (https://fr.wikipedia.org/wiki/Loi_(droit)).
 */
function trimAddress(url: string): string {
  while (url !== '') {
    const last = url.at(-1)!;
    const closesNothing = last === ')' && url.split('(').length < url.split(')').length;
    if (!SENTENCE_PUNCTUATION.includes(last) && !closesNothing) break;
    url = url.slice(0, -1);
  }
  return url;
}

/** A link as the HTML version writes it (a secret link is put in its slot at delivery). */
export function linkHtml(url: string): string {
  return `<a href="${escapeHtml(url)}" style="${styles.link}">${escapeHtml(url)}</a>`;
}

/** One line of text, escaped, with its http(s) addresses as links. */
function linkify(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = trimAddress(match[0]);
    // "https://" alone is no address.
    if (/^https?:\/\/$/.test(url)) continue;
    const start = match.index;
    html += escapeHtml(line.slice(last, start));
    html += linkHtml(url);
    last = start + url.length;
  }
  return html + escapeHtml(line.slice(last));
}
