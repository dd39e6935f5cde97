// Named prepared statements on the embedded database. PGlite's query() sends each query as an unnamed
// statement, so PostgreSQL parses and plans it on every call, and it sends each of the six protocol
// messages in a round trip of its own into the WebAssembly backend. For the few hot list queries
// planning costs several times the execution (the tree's children: 2.5 ms planned, 0.15 ms run).
// A query given a name here is parsed once per database; later calls send bind, describe, execute
// and sync as one message buffer, and PostgreSQL's plan cache decides when to reuse a generic plan.
import { type PGlite, parse, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';

interface Statement {
  /** The parameter types PostgreSQL inferred when it parsed the text, for serialising values. */
  paramTypes: number[];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Makes `client.query(text, params, { name })` run the text as a prepared statement of that name;
 * a query without a name runs as before. Names must stand for one text each (see statementName).
 */
export function withNamedStatements(client: PGlite): void {
  const statements = new Map<string, Statement>();
  const unnamed = client.query.bind(client);
  const { serialize } = protocol;

  async function prepare(name: string, text: string): Promise<Statement> {
    const prepared = statements.get(name);
    if (prepared) return prepared;
    // Names stand for the hot queries' few texts; the bound only guards against a caller that builds
    // values into its text.
    if (statements.size >= 500) {
      await client.execProtocol(serialize.query('deallocate all'), { syncToFs: false });
      statements.clear();
    }
    const { messages } = await client.execProtocol(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const statement = { paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(name, statement);
    return statement;
  }

  async function runNamed<T>(
    name: string,
    text: string,
    params: unknown[],
    options: QueryOptions,
  ): Promise<Results<T>> {
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const { paramTypes } = await prepare(name, text);
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const type = paramTypes[i] ?? 0;
          const serializer = options.serializers?.[type] ?? client.serializers[type];
          return serializer ? serializer(value) : String(value);
        });
        const { messages } = await client.execProtocol(
          concat([
            serialize.bind({ statement: name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ]),
          { syncToFs: false },
        );
        await client.syncToFs();
        return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
      }),
    );
  }

  client.query = (<T>(text: string, params?: unknown[], options?: QueryOptions & { name?: string }) => {
    const name = options?.name;
    if (!name) return unnamed<T>(text, params, options);
    return runNamed<T>(name, text, params ?? [], options);
  }) as PGlite['query'];
}
