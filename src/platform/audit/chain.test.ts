import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, createChainVerifier, entryHash, GENESIS_HASH, type ChainedFields } from './chain.js';

type StoredEntry = ChainedFields & { prevHash: string; hash: string };

/** Builds a chain as the repository writes it: each entry hashed over the previous hash. */
function chainOf(contents: Omit<ChainedFields, 'seq'>[]): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  contents.forEach((c, i) => {
    const fields: ChainedFields = { ...c, seq: i + 1 };
    const hash = entryHash(prev, fields);
    entries.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  });
  return entries;
}

function verify(entries: StoredEntry[], knownHead?: string) {
  const verifier = createChainVerifier(knownHead);
  for (const e of entries) verifier.feed(e);
  return verifier.verdict();
}

const sample = (n: number): Omit<ChainedFields, 'seq'>[] =>
  Array.from({ length: n }, (_v, i) => ({
    at: `2024-05-01T12:00:0${i % 10}.000Z`,
    actorId: i % 3 === 0 ? null : `person-${i}`,
    action: i % 2 ? 'person.updated' : 'person.created',
    subjectType: 'person',
    subjectId: `p-${i}`,
    before: i % 2 ? { displayName: `Old ${i}` } : null,
    after: { displayName: `Name ${i}`, tags: ['a', 'b'], nested: { z: 1, a: [true, null] } },
  }));

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const contentArb = fc.record({
  at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actorId: fc.option(fc.uuid(), { nil: null }),
  action: fc.constantFrom('person.created', 'person.updated', 'team.role.added', 'bureau.appointed'),
  subjectType: fc.constantFrom('person', 'team', 'office'),
  subjectId: fc.uuid(),
  before: jsonValue,
  after: jsonValue,
});

describe('canonicalJson', () => {
  it('writes the same text whatever the order of the keys, at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } })).toBe(canonicalJson({ a: { c: 'é', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('keeps the order of arrays, and leaves out undefined properties', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('property: key order never changes the text, and the text reads back as the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonValue), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});

describe('entryHash', () => {
  const [first] = chainOf(sample(1));

  it('is a SHA-256 in hex, the same for the same content whatever the key order', () => {
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries({ ...first, prevHash: undefined, hash: undefined }).reverse()) as unknown as ChainedFields;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(first.hash);
  });

  it('changes with the previous hash, so each entry seals the one before', () => {
    const { prevHash: _p, hash: _h, ...fields } = first;
    expect(entryHash('f'.repeat(64), fields)).not.toBe(first.hash);
  });

  it('changes with any field of the entry', () => {
    const { prevHash: _p, hash: _h, ...fields } = first;
    const edits: Partial<ChainedFields>[] = [
      { seq: 2 },
      { at: '2024-05-01T12:00:01.000Z' },
      { actorId: 'someone-else' },
      { action: 'person.deleted' },
      { subjectType: 'team' },
      { subjectId: 'p-other' },
      { before: { displayName: 'x' } },
      { after: { displayName: 'Name 0 ', tags: ['a', 'b'], nested: { z: 1, a: [true, null] } } },
    ];
    for (const edit of edits) expect(entryHash(GENESIS_HASH, { ...fields, ...edit })).not.toBe(first.hash);
  });

  it('links each entry to the hash of the one before', () => {
    const entries = chainOf(sample(4));
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
  });
});

describe('createChainVerifier', () => {
  it('accepts an intact chain and counts its entries', () => {
    const entries = chainOf(sample(6));
    expect(verify(entries)).toEqual({ ok: true, entries: 6, head: entries[5].hash });
    expect(verify([])).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });

  it('names an edited entry', () => {
    const entries = chainOf(sample(6));
    entries[3] = { ...entries[3], after: { displayName: 'Mallory' } };
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('names an edited entry whose hash was recomputed, by the link that follows it', () => {
    const entries = chainOf(sample(6));
    const { prevHash, hash: _h, ...fields } = entries[3];
    const forged = { ...fields, actorId: 'mallory' };
    entries[3] = { ...forged, prevHash, hash: entryHash(prevHash, forged) };
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('names the gap left by a removed entry', () => {
    const entries = chainOf(sample(6));
    entries.splice(2, 1);
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('names a removed entry even when the later ones were renumbered', () => {
    const entries = chainOf(sample(6));
    entries.splice(2, 1);
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verify(renumbered)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('names the first of two swapped entries', () => {
    const entries = chainOf(sample(6));
    [entries[1], entries[2]] = [entries[2], entries[1]];
    expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: 3 });
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verify(renumbered)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('names an entry removed from the end only through the count, and one removed from the start', () => {
    const entries = chainOf(sample(4));
    expect(verify(entries.slice(0, 3))).toEqual({ ok: true, entries: 3, head: entries[2].hash });
    expect(verify(entries.slice(1))).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('finds entries cut from the end when given a head noted before, and accepts entries added since', () => {
    const entries = chainOf(sample(5));
    const noted = entries[3].hash;
    expect(verify(entries, noted)).toEqual({ ok: true, entries: 5, head: entries[4].hash });
    expect(verify(entries.slice(0, 3), noted)).toMatchObject({ ok: false, entries: 3, firstBadSeq: 4, reason: expect.stringContaining(noted) });
  });

  it('stops at the first bad entry', () => {
    const entries = chainOf(sample(6));
    entries[1] = { ...entries[1], action: 'x' };
    entries[4] = { ...entries[4], action: 'y' };
    const verifier = createChainVerifier();
    const fed = entries.map((e) => verifier.feed(e));
    expect(fed).toEqual([true, false, false, false, false, false]);
    expect(verifier.verdict()).toMatchObject({ ok: false, firstBadSeq: 2, entries: 2 });
  });

  it('property: any chain verifies; editing any field of any one entry is found at that entry', () => {
    fc.assert(
      fc.property(
        fc.array(contentArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom<keyof Omit<ChainedFields, 'seq'>>('at', 'actorId', 'action', 'subjectType', 'subjectId', 'before', 'after'),
        (contents, pick, field) => {
          const entries = chainOf(contents);
          expect(verify(entries)).toEqual({ ok: true, entries: entries.length, head: entries[entries.length - 1].hash });
          const i = pick % entries.length;
          const value = field === 'before' || field === 'after' ? { tampered: canonicalJson(entries[i][field]) } : `${String(entries[i][field])}!`;
          entries[i] = { ...entries[i], [field]: value };
          expect(verify(entries)).toMatchObject({ ok: false, firstBadSeq: i + 1 });
        },
      ),
    );
  });
});
