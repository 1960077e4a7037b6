/**
 * The lines of an NDJSON file as it streams in, a chunk's worth at a time: what
 * `readline.createInterface({ input, crlfDelay: Infinity })` yields, line for line (breaks
 * at `\n`, `\r\n` and a lone `\r`; a last line without a break; a byte-order mark kept for
 * the importer to strip), without readline's per-line events and promises. The importer
 * reads national-size files, where readline's line splitting was ≈ 9 % of what an import
 * allocated (docs/performance/registry-import.md, seventh pass).
 */
const BREAK = /\r\n|\n|\r/;

export async function* ndjsonLines(input: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string[]> {
  // `ignoreBOM`: keep a byte-order mark, as readline does; the importer strips it from line 1.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The start of a line that continues in the next chunk. */
  let rest = '';
  /** `rest` is a whole line that ended in `\r`; a `\n` first in the next chunk belongs to that break. */
  let endedInCr = false;
  const linesOf = (text: string): string[] => {
    const lines: string[] = [];
    if (endedInCr) {
      lines.push(rest);
      rest = '';
      endedInCr = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    if (text.endsWith('\r')) {
      endedInCr = true;
      text = text.slice(0, -1);
    }
    // Each chunk is split on its own and only its first line joined to the rest of the last:
    // splitting `rest + chunk` made V8 copy every chunk once more, to flatten the joined string.
    const parts = text.includes('\r') ? text.split(BREAK) : text.split('\n');
    parts[0] = rest + parts[0]!;
    rest = parts.pop()!;
    for (const p of parts) lines.push(p);
    return lines;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text === '') continue;
    const lines = linesOf(text);
    if (lines.length) yield lines;
  }
  const last = linesOf(decoder.decode());
  if (endedInCr || rest !== '') last.push(rest);
  if (last.length) yield last;
}
