/**
 * The registry's read functions take only a database handle (docs/dev/CONTRACTS.md), yet
 * documents are found through the keyed lookup hash, whose secret lives on the app
 * context. The registry plugin hands the context's hash function over here when the app
 * is built. Every app in one process must use the same LOOKUP_HASH_SECRET: a second app
 * with another secret would silently find nothing, so that is refused loudly instead.
 */
type LookupHash = (value: string) => string;

let current: LookupHash | undefined;
const PROBE = 'registry:lookup-hash-probe';

export function useLookupHash(fn: LookupHash): void {
  if (current && current(PROBE) !== fn(PROBE)) {
    throw new Error('registry: two apps in one process use different LOOKUP_HASH_SECRET values');
  }
  current = fn;
}

export function lookupHash(value: string): string {
  if (!current) throw new Error('registry: lookup hash not set up (the registry plugin registers it when the app is built)');
  return current(value);
}

/** The key of a document in `registry_person_documents.doc_hash`. */
export function documentKey(docType: string, docNumber: string): string {
  return `${docType}:${docNumber}`;
}
