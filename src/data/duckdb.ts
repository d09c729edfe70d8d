import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckdb } from "./duckdb-package.js";

// One in-memory engine per process: creating one costs milliseconds and it holds no tables,
// so every reader opens its own connection on the same instance.
let engine: Promise<DuckDBInstance> | undefined;

export async function connect(): Promise<DuckDBConnection> {
  engine ??= duckdb.DuckDBInstance.create(":memory:");
  return (await engine).connect();
}

/** Runs `work` on a fresh connection and closes it afterwards, whatever happens. */
export async function withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, so column names like `101` or `user id` work. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
