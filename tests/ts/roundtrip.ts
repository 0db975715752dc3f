// One node process for every round trip (tests/test_codegen_drizzle.py writes the jobs file): for each
// job, one row per table of a generated Drizzle module goes in through drizzle-orm and @libsql/client
// against a real sqld and must come back unchanged; the module's table variables, property names and SQL
// names can be checked against expected ones; and a typed usage sample can run against the same database.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import { and, eq, getTableColumns, is, type SQL } from "drizzle-orm";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { SQLiteTable, getTableConfig } from "drizzle-orm/sqlite-core";

type Row = {
  variable: string;
  values: Record<string, unknown>;
  json: string[];
  dates: Record<string, number>; // Date properties: the sample number times this is the Date's milliseconds
  key: string[];
  insertSchema: string | null;
};
type ZodLike = { safeParse: (value: unknown) => { success: boolean; error?: unknown } };
type Names = Record<string, { name: string; columns: [string, string][] }>;
type Job = { module: string; url: string; authToken: string; rows: Row[]; names?: Names; usage?: string };

async function run(job: Job): Promise<{ tables: number }> {
  const module: Record<string, unknown> = await import(pathToFileURL(job.module).href);
  const tables = new Map<string, SQLiteTable>();
  for (const [name, value] of Object.entries(module)) {
    if (is(value, SQLiteTable)) tables.set(name, value);
  }
  if (job.names) checkNames(tables, job.names);
  const client = createClient({ url: job.url, authToken: job.authToken });
  const db = drizzle(client);
  try {
    for (const row of job.rows) {
      await roundTrip(db, tables, row);
      if (row.insertSchema) checkInsertSchema(module[row.insertSchema] as ZodLike, row);
    }
    if (job.usage) {
      const sample: { usage: (db: LibSQLDatabase) => Promise<void> } = await import(pathToFileURL(job.usage).href);
      await sample.usage(db);
    }
  } finally {
    client.close();
  }
  return { tables: tables.size };
}

function checkNames(tables: Map<string, SQLiteTable>, expected: Names): void {
  deepStrictEqual([...tables.keys()].sort(), Object.keys(expected).sort(), "the exported table variables");
  for (const [variable, want] of Object.entries(expected)) {
    const table = tables.get(variable)!;
    strictEqual(getTableConfig(table).name, want.name, `${variable}: SQL name`);
    const columns = Object.entries(getTableColumns(table)).map(([prop, col]) => [prop, col.name]);
    deepStrictEqual(columns, want.columns, `${variable}: properties and SQL names, in order`);
  }
}

function checkInsertSchema(schema: ZodLike, row: Row): void {
  const values: Record<string, unknown> = { ...row.values };
  for (const prop of row.json) values[prop] = JSON.stringify(values[prop]);
  for (const [prop, ms] of Object.entries(row.dates)) values[prop] = new Date((values[prop] as number) * ms);
  const parsed = schema.safeParse(values);
  strictEqual(parsed.success, true, `${row.variable}: its insert schema rejects the row: ${String(parsed.error)}`);
}

async function roundTrip(db: LibSQLDatabase, tables: Map<string, SQLiteTable>, row: Row): Promise<void> {
  const table = tables.get(row.variable);
  if (table === undefined) throw new Error(`the module exports no table ${row.variable}`);
  const values: Record<string, unknown> = { ...row.values };
  for (const prop of row.json) values[prop] = JSON.stringify(values[prop]);
  for (const [prop, ms] of Object.entries(row.dates)) values[prop] = new Date((values[prop] as number) * ms);
  await db.insert(table).values(values);
  const columns = getTableColumns(table);
  const where: SQL[] = row.key.map((prop) => eq(columns[prop]!, values[prop]));
  const found: Record<string, unknown>[] = await db.select().from(table).where(and(...where));
  strictEqual(found.length, 1, `${row.variable}: one row back`);
  const back = found[0]!;
  for (const [prop, value] of Object.entries(values)) {
    const got = row.json.includes(prop) ? JSON.parse(back[prop] as string) : back[prop];
    const want = row.json.includes(prop) ? row.values[prop] : value;
    if (prop in row.dates) strictEqual(got instanceof Date, true, `${row.variable}.${prop}: a Date`);
    deepStrictEqual(got, want, `${row.variable}.${prop}`);
  }
}

async function main(): Promise<void> {
  const jobs: Job[] = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
  const results = [];
  for (const job of jobs) results.push(await run(job));
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
