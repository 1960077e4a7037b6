/**
 * Server-side prepared statements on PGlite, for the statements the app prepares by name.
 *
 * On PostgreSQL drizzle's `.prepare(name)` becomes a named statement: parsed and planned
 * once per connection. On PGlite drizzle drops the name: every execution sends Parse,
 * Describe, Bind, Describe, Execute and Sync as five separate calls into the WebAssembly
 * backend, which parses and plans the text again — on the event loop, since PGlite runs
 * there. Measured for the login read (docs/performance/login-and-elicence.md §5): 2.0–2.5 ms
 * of main-thread CPU per execution that way, 0.34–0.66 ms as a named statement executed
 * with one batched Bind/Describe/Execute/Sync.
 *
 * Only texts registered through `useNamedStatement` take this path; everything else runs
 * through PGlite's own `query` unchanged. Statements inside a transaction go through the
 * transaction's own handle and are not affected. Same locks as `query` (no transaction in
 * progress, one protocol exchange at a time), same parameter serialisers and result
 * parsers, same errors.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

interface Statement {
  name: string;
  /** Parameter type OIDs as the server inferred them: they pick the serialiser of each value, as `query` does. */
  paramTypes: number[];
}

interface Named {
  texts: Set<string>;
  statements: Map<string, Statement>;
}

const byClient = new WeakMap<object, Named>();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Makes `client.query` run registered texts as named statements. Returns the client (the
 * same object) for drizzle.
 */
export function enableNamedStatements(client: PGlite): PGlite {
  const named: Named = { texts: new Set(), statements: new Map() };
  byClient.set(client, named);
  const plainQuery = client.query.bind(client) as PGlite['query'];
  let counter = 0;

  async function prepareStatement(text: string): Promise<Statement> {
    const name = `jg_named_${++counter}`;
    const { messages } = await client.execProtocol(concat([protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]));
    const paramTypes = parse.parseDescribeStatementResults(messages);
    return { name, paramTypes };
  }

  async function runNamed<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        let statement = named.statements.get(text);
        if (!statement) {
          statement = await prepareStatement(text);
          named.statements.set(text, statement);
        }
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const oid = statement.paramTypes[i]!;
          const serialize = options?.serializers?.[oid] ?? client.serializers[oid];
          return serialize ? serialize(value) : String(value);
        });
        // One call into the backend: Sync ends the batch even when a step fails, so the
        // session is ready for the next statement either way.
        const { messages } = await client.execProtocol(
          concat([protocol.serialize.bind({ statement: statement.name, values: values as string[] }), protocol.serialize.describe({ type: 'P' }), protocol.serialize.execute({}), protocol.serialize.sync()]),
        );
        return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
      }),
    );
  }

  client.query = (<T>(text: string, params?: unknown[], options?: QueryOptions) =>
    named.texts.has(text) ? runNamed<T>(text, params ?? [], options) : plainQuery<T>(text, params, options)) as PGlite['query'];
  return client;
}

/**
 * Registers a drizzle prepared statement's text to run as a named statement when `db` is a
 * PGlite database opened by openDatabase. A no-op elsewhere (PostgreSQL, where drizzle names
 * it already; a transaction handle).
 */
export function useNamedStatement(db: object, prepared: { getQuery(): { sql: string } }): void {
  const client = (db as { $client?: object }).$client;
  const named = client ? byClient.get(client) : undefined;
  named?.texts.add(prepared.getQuery().sql);
}
