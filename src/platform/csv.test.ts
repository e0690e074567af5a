import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvRecords, csvRecordWindows } from './csv.js';

/** A NUL character is no text any database keeps (PostgreSQL refuses it): the file is refused at its line. */
describe('a NUL character in a CSV file', () => {
  it('is refused at its line, quoted or not, after the records before it', () => {
    for (const cell of ['a\u0000b', '"a\u0000b"', '"two\nlines\u0000"']) {
      const read: number[] = [];
      const reading = () => {
        for (const r of csvRecords(`h1,h2\nx,y\nz,${cell}\nafter,it\n`, ',')) read.push(r.line);
      };
      expect(reading).toThrow(CsvSyntaxError);
      expect(reading).toThrow(/^line 3: a NUL character/);
      expect(read.slice(0, 2)).toEqual([1, 2]);
    }
  });

  it('stops a file read as it arrives at once, without reading the rest of it to mend the line', async () => {
    let pieces = 0;
    async function* file() {
      yield 'h1,h2\nz,a\u0000b\n';
      for (; pieces < 1000; pieces++) yield 'x,y\n'.repeat(1000);
    }
    const reading = async () => {
      for await (const records of csvRecordWindows(file(), 1024)) void records;
    };
    await expect(reading()).rejects.toThrow(/^line 2: a NUL character/);
    expect(pieces).toBeLessThan(5);
  });
});
