import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';

/**
 * An import's body (a CSV file sent to the API), written to a private file as it arrived, for the
 * import to read from there: memory holds a window of it, never the file, and the import's
 * transaction (on SQLite, the association's one writer) waits until the whole body is in, however
 * slowly the client sends it. The folder is the process's temporary one, made for this body alone
 * (readable by this user only) and removed once the answer is sent (`removeSpooledBody`).
 */
export class SpooledBody {
  constructor(
    readonly folder: string,
    /** Its length in bytes: an empty file chosen on a form is no file. */
    readonly size: number,
  ) {}

  /** The body, read as the import needs it. */
  read(): AsyncIterable<Buffer> {
    return createReadStream(join(this.folder, 'body'), { highWaterMark: 1 << 16 });
  }
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The body is larger than this route takes (${limit} bytes)`);
}

/** Counts what passes and fails past `limit` bytes: a body is refused as soon as it weighs too much, not once it is whole. */
function limitedTo(limit: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback(counter.bytes > limit ? tooLarge(limit) : null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/** Writes the body to its own file; on any failure (too large, the client gone) nothing stays. */
export async function spoolBody(payload: Readable, limit: number): Promise<SpooledBody> {
  const folder = await mkdtemp(join(tmpdir(), 'equipage-upload-'));
  const counter = limitedTo(limit);
  try {
    await pipeline(payload, counter, createWriteStream(join(folder, 'body'), { mode: 0o600 }));
    return new SpooledBody(folder, counter.bytes);
  } catch (e) {
    await rm(folder, { recursive: true, force: true });
    throw e;
  }
}

/** The body as text, refused past `limit` bytes: what the routes that do not import take. */
export async function readBodyText(payload: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of payload.pipe(limitedTo(limit))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether the declared length already says the body is too large: refused before a byte is read. */
export function refuseDeclaredLength(contentLength: string | undefined, limit: number): void {
  if (contentLength !== undefined && Number(contentLength) > limit) throw tooLarge(limit);
}

/**
 * Removes the spooled files of a request's body: the body itself (a CSV sent to the API), or the
 * file field of a form (the import page), whether the form's fields were already gathered
 * (`{ file: SpooledBody }`) or the upload stopped while they were read (`{ file: { value } }`).
 */
export async function removeSpooledBody(body: unknown): Promise<void> {
  const spooled: SpooledBody[] = [];
  if (body instanceof SpooledBody) spooled.push(body);
  else if (typeof body === 'object' && body !== null)
    for (const field of Object.values(body)) {
      if (field instanceof SpooledBody) spooled.push(field);
      else if (typeof field === 'object' && field !== null && (field as { value?: unknown }).value instanceof SpooledBody)
        spooled.push((field as { value: SpooledBody }).value);
    }
  await Promise.all(spooled.map((b) => rm(b.folder, { recursive: true, force: true })));
}

/**
 * The CSV an import route received: its spooled file, read as the import goes. Anything else (a
 * JSON object or number sent instead of the file) is refused as the route's input.
 */
export function uploadedCsv(body: unknown): AsyncIterable<Buffer> | string {
  if (body instanceof SpooledBody) return body.read();
  if (typeof body === 'string') return body;
  throw new AppError('validation_failed', 'the body must be the CSV text (Content-Type: text/csv)', [
    { path: '/', code: 'type', message: 'the body must be the CSV text' },
  ]);
}
