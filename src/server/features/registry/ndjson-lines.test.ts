import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { ndjsonLines } from './ndjson-lines.ts';

const chunksOf = (bytes: Buffer, cuts: number[]) => {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  out.push(bytes.subarray(from));
  return out.filter((b) => b.length > 0);
};

async function viaReadline(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readline.createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) out.push(line);
  return out;
}

async function viaNdjsonLines(chunks: Buffer[]): Promise<{ lines: string[]; yields: number }> {
  const lines: string[] = [];
  let yields = 0;
  for await (const part of ndjsonLines(Readable.from(chunks))) {
    yields++;
    lines.push(...part);
  }
  return { lines, yields };
}

describe('ndjsonLines', () => {
  it('yields the lines of LF and CRLF text, the last one without a break included', async () => {
    const chunks = [Buffer.from('{"a":1}\r'), Buffer.from('\n{"b":"中'), Buffer.from('文"}\n\n{"c":3}')];
    expect((await viaNdjsonLines(chunks)).lines).toEqual(['{"a":1}', '{"b":"中文"}', '', '{"c":3}']);
  });

  it('keeps a byte-order mark and decodes a character cut between two chunks', async () => {
    const bytes = Buffer.from('\uFEFF{"name":"张伟"}\n');
    const { lines } = await viaNdjsonLines([bytes.subarray(0, 2), bytes.subarray(2, 15), bytes.subarray(15)]);
    expect(lines).toEqual(['\uFEFF{"name":"张伟"}']);
  });

  it('hands lines on a chunk at a time, not one by one', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `{"n":${i}}\n`).join('');
    const { lines, yields } = await viaNdjsonLines([Buffer.from(text)]);
    expect(lines).toHaveLength(1000);
    expect(yields).toBe(1);
  });

  it('property: the same lines as readline with crlfDelay Infinity, however the bytes are cut', async () => {
    const piece = fc.constantFrom('a', '{', '"', ' ', '中', '😀', '\uFEFF', '\n', '\r', '\r\n', '\n\n', '\r\r');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), async (pieces, cuts) => {
        const chunks = chunksOf(Buffer.from(pieces.join(''), 'utf8'), cuts);
        expect((await viaNdjsonLines(chunks)).lines).toEqual(await viaReadline(chunks));
      }),
      { numRuns: 500 },
    );
  });
});
