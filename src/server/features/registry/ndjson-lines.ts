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
  let rest = '';
  for await (const chunk of input) {
    let text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    // A `\r` at the end may be the first half of a `\r\n` split across chunks: decide it with the next chunk.
    let held = '';
    if (text.endsWith('\r')) {
      held = '\r';
      text = text.slice(0, -1);
    }
    const lines = text.includes('\r') ? text.split(BREAK) : text.split('\n');
    rest = lines.pop()! + held;
    if (lines.length) yield lines;
  }
  rest += decoder.decode();
  if (rest === '') return;
  const lines = rest.split(BREAK);
  // A break at the very end ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length) yield lines;
}
