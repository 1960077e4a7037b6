/**
 * Documents whose hash an import run keeps. A registry file names each person's documents
 * again in their licence, vehicles and decided violations, usually not far apart, and each
 * hash is a keyed HMAC (3–6 µs on the bench machine): remembering the recent ones took the
 * bench's 60 000-line import from up to ≈ 55 000 hashes to ≈ 10 000
 * (docs/performance/registry-import.md).
 * Bounded, oldest out first, so memory stays flat however long the file: ≈ 6 MB at most.
 */
export const RUN_HASH_MEMO_ENTRIES = 1 << 15;

/** `hash` with a bounded memory of the last `capacity` distinct documents it was asked for. */
export function rememberingDocHash<D>(hash: (doc: D) => string, keyOf: (docType: string, docNumber: string) => string, capacity = RUN_HASH_MEMO_ENTRIES): (doc: D & { docType: string; docNumber: string }) => string {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive whole number');
  const memo = new Map<string, string>();
  return (doc) => {
    const key = keyOf(doc.docType, doc.docNumber);
    let h = memo.get(key);
    if (h === undefined) {
      h = hash(doc);
      // A Map iterates in insertion order: its first key is the oldest.
      if (memo.size >= capacity) memo.delete(memo.keys().next().value!);
      memo.set(key, h);
    }
    return h;
  };
}
