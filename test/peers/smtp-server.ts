import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** One message as the server received it, with just enough MIME decoding for tests to read it. */
export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO, as the client sent them. */
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  /** Decoded (RFC 2047 encoded words). */
  subject: string;
  messageId: string;
  /** The text/plain and text/html parts, decoded; null when the mail has no such part. */
  text: string | null;
  html: string | null;
  /** The parts sent as files (Content-Disposition: attachment), in order, their content decoded as UTF-8. */
  attachments: ReceivedAttachment[];
}

export interface ReceivedAttachment {
  filename: string;
  /** The Content-Type header as sent, parameters included. */
  contentType: string;
  content: string;
}

export interface SmtpPeer {
  /** smtp://127.0.0.1:<port>, no TLS, any credentials accepted. */
  url: string;
  messages: ReceivedMail[];
  /** Refuses the next `n` messages at the end of DATA with this reply code (4xx or 5xx). */
  rejectNext(n: number, code: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on the loopback interface, for tests that send mail: it speaks the protocol
 * nodemailer speaks to production servers, keeps what it receives, and refuses on request.
 */
export async function startSmtpServer(): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  let rejections: { left: number; code: number } = { left: 0, code: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if (rejections.left > 0) {
          rejections.left--;
          const refusal: SMTPServerError = new Error(`Refused by the test (${rejections.code})`);
          refusal.responseCode = rejections.code;
          callback(refusal);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = session.envelope;
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          ...parseMessage(raw),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed mid-conversation resets its connection: its doing, not the server's failure.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectNext(n, code) {
      rejections = { left: n, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const { headers, body } = splitEntity(raw);
  const parts = new Map<string, string>();
  const attachments: ReceivedAttachment[] = [];
  collectParts(headers, body, parts, attachments);
  return {
    raw,
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    text: parts.get('text/plain') ?? null,
    html: parts.get('text/html') ?? null,
    attachments,
  };
}

/** Headers (names in lower case, folded lines joined) and body of one MIME entity. */
function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const end = entity.search(/\r?\n\r?\n/);
  const head = end === -1 ? entity : entity.slice(0, end);
  const body = end === -1 ? '' : entity.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Walks multipart entities and keeps each text part by its type, and each attachment, decoded. */
function collectParts(headers: Map<string, string>, body: string, parts: Map<string, string>, attachments: ReceivedAttachment[]): void {
  const type = headers.get('content-type') ?? 'text/plain';
  const mediaType = type.split(';')[0].trim().toLowerCase();
  if (mediaType.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) return;
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const entity = splitEntity(section.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
      collectParts(entity.headers, entity.body, parts, attachments);
    }
    return;
  }
  const disposition = headers.get('content-disposition') ?? '';
  if (/^\s*attachment\b/i.test(disposition)) {
    attachments.push({
      filename: parameter(disposition, 'filename') ?? parameter(type, 'name') ?? '',
      contentType: type,
      content: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit'),
    });
    return;
  }
  if (!parts.has(mediaType)) parts.set(mediaType, decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit'));
}

/**
 * One parameter of a header value: `name=value`, `name="value"`, an RFC 2047 encoded word, or the
 * RFC 2231 forms (`name*=utf-8''%C3%A9` and continuations `name*0*=`, `name*1*=`) that nodemailer
 * uses for long or non-ASCII file names.
 */
function parameter(header: string, name: string): string | null {
  const pieces: { index: number; value: string; encoded: boolean }[] = [];
  let plain: string | null = null;
  const re = /;\s*([\w-]+)(\*(\d+))?(\*)?\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of header.matchAll(re)) {
    if (m[1].toLowerCase() !== name) continue;
    const raw = m[5].trim();
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (m[2] === undefined && m[4] === undefined) plain = value;
    else pieces.push({ index: m[3] === undefined ? 0 : Number(m[3]), value, encoded: m[4] !== undefined });
  }
  if (pieces.length === 0) return plain === null ? null : decodeWords(plain);
  pieces.sort((a, b) => a.index - b.index);
  // Only the first piece carries the charset'language' prefix (RFC 2231 §4); a UTF-8 character
  // may be split across pieces, so they are decoded together.
  const percentEncoded = pieces.map((p, i) => {
    if (!p.encoded) return encodeURIComponent(p.value);
    return i === 0 ? p.value.replace(/^[^']*'[^']*'/, '') : p.value;
  });
  return decodeURIComponent(percentEncoded.join(''));
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= or =?UTF-8?B?…?=); the space between two of them is folding. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
