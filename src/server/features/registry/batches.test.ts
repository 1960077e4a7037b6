import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batcher, IMPORT_EARLY_BATCH_LINES, Writer } from './batches.ts';
import type { Item } from './plan.ts';
import type { ViolationRecord } from './validate.ts';

const violation = (ref: string): ViolationRecord => ({
  kind: 'violation',
  ref,
  plate: '粤B12345',
  plateType: '02',
  occurredAt: '2026-01-01T00:00:00.000Z',
  location: '深南大道',
  code: '1625',
  description: '闯红灯',
  fineFen: 20000,
  points: 6,
  source: 'camera',
  driver: null,
  decisionNo: null,
  decidedAt: null,
  paidAt: null,
});
const item = (line: number, ref = `R${line}`): Item => ({ line, record: violation(ref) });
const prepared = { hashes: new Map() };

/** A write the test ends by hand: `ends[i]()` finishes the i-th batch written. */
function manualWrites() {
  const started: number[][] = [];
  const ends: Array<(error?: Error) => void> = [];
  const write = (batch: { items: Item[] }) =>
    new Promise<void>((resolve, reject) => {
      started.push(batch.items.map((i) => i.line));
      ends.push((error) => (error ? reject(error) : resolve()));
    });
  return { started, ends, write };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('Writer', () => {
  it('writes batches one at a time in file order, with up to `ahead` queued before the importer waits', async () => {
    const { started, ends, write } = manualWrites();
    const writer = new Writer(write, 3);
    expect(writer.busy).toBe(false);
    for (let b = 0; b < 3; b++) await writer.submit({ items: [item(b)], prepared });
    await turn();
    // Only the first is in the database; the other two wait for it to commit.
    expect(started).toEqual([[0]]);
    expect(writer.busy).toBe(true);
    let fourthQueued = false;
    const fourth = writer.submit({ items: [item(3)], prepared }).then(() => (fourthQueued = true));
    await turn();
    expect(fourthQueued).toBe(false);
    ends[0]!();
    await fourth;
    await turn();
    expect(started).toEqual([[0], [1]]);
    ends[1]!();
    await turn();
    ends[2]!();
    await turn();
    ends[3]!();
    await writer.drain();
    expect(started).toEqual([[0], [1], [2], [3]]);
    expect(writer.busy).toBe(false);
  });

  it('stops at a failed batch: later batches are never written and the failure reaches the importer', async () => {
    const { started, ends, write } = manualWrites();
    const writer = new Writer(write, 3);
    for (let b = 0; b < 3; b++) await writer.submit({ items: [item(b)], prepared });
    await turn();
    ends[0]!(new Error('connection lost'));
    await expect(writer.drain()).rejects.toThrow('connection lost');
    await turn();
    expect(started).toEqual([[0]]);
    await writer.settle();
    expect(writer.busy).toBe(false);
  });

  it('settles every queued batch, failed or not, without throwing', async () => {
    const { ends, write } = manualWrites();
    const writer = new Writer(write, 2);
    await writer.submit({ items: [item(0)], prepared });
    await writer.submit({ items: [item(1)], prepared });
    await turn();
    const settled = writer.settle();
    ends[0]!(new Error('refused'));
    await settled;
    expect(writer.busy).toBe(false);
  });
});

describe('Batcher', () => {
  it('closes a batch early while the database is idle, and at full size while it is busy', async () => {
    const batches: number[] = [];
    let idle = true;
    const batcher = new Batcher(async (items) => void batches.push(items.length), 5000, () => idle);
    for (let line = 1; line <= IMPORT_EARLY_BATCH_LINES; line++) await batcher.add(item(line));
    expect(batches).toEqual([IMPORT_EARLY_BATCH_LINES]);
    idle = false;
    for (let line = IMPORT_EARLY_BATCH_LINES + 1; line <= IMPORT_EARLY_BATCH_LINES + 6000; line++) await batcher.add(item(line));
    await batcher.flush();
    expect(batches).toEqual([IMPORT_EARLY_BATCH_LINES, 5000, 1000]);
  });

  it('keeps every line exactly once, in order, with no key twice in a batch, whatever the sizes and idle moments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        async (lines, size) => {
          const batches: Item[][] = [];
          let i = 0;
          const idles = lines.map(([, idle]) => idle);
          const batcher = new Batcher(async (items) => void batches.push(items), size, () => idles[i] ?? false);
          for (const [key] of lines) {
            await batcher.add(item(i, `K${key}`));
            i++;
          }
          await batcher.flush();
          expect(batches.flat().map((x) => x.line)).toEqual(lines.map((_, n) => n));
          for (const b of batches) {
            expect(b.length).toBeLessThanOrEqual(size);
            expect(new Set(b.map((x) => (x.record as ViolationRecord).ref)).size).toBe(b.length);
          }
        },
      ),
    );
  });
});
