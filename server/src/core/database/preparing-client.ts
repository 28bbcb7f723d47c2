import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Most distinct statements one connection prepares; any beyond run unnamed, as before. */
export const MAX_PREPARED_PER_CONNECTION = 500;

const names = new Map<string, string>();

/** A stable name for a statement's text: the same SQL gets the same name on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    // statements built with a variable number of placeholders must not grow this without bound
    if (names.size >= 4 * MAX_PREPARED_PER_CONNECTION) names.clear();
    names.set(text, name);
  }
  return name;
}

type QueryArgs = [unknown, unknown?, unknown?];

/**
 * A pg client that runs every parameterised statement as a named prepared statement, so
 * PostgreSQL parses and plans it once per connection instead of on every call. Measured under
 * bench:booking, planning was about a third of the database's CPU: every statement of the
 * booking path is a multi-join CTE that took longer to plan than to run.
 *
 * Statements without parameters (BEGIN, COMMIT, DDL) stay unnamed. The application's pools use
 * it (`extra.Client`); migrations do not, since a schema change invalidates prepared plans.
 */
export class PreparingClient extends Client {
  override query(...args: QueryArgs): never {
    const [config, values, callback] = args;
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(config);
      // pg records every name it has parsed on this connection and skips the Parse next time
      const { parsedStatements } = (
        this as unknown as { connection: { parsedStatements: Record<string, string> } }
      ).connection;
      // counted only when a new statement comes along (one that failed to parse is not in it)
      if (
        parsedStatements[name] !== undefined ||
        Object.keys(parsedStatements).length < MAX_PREPARED_PER_CONNECTION
      )
        return (super.query as (...a: unknown[]) => never)({ name, text: config, values }, callback);
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
