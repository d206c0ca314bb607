import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * Prisma's schema engine compiled to wasm, for what the CLI cannot do offline: the SQL that
 * takes one datamodel to another. The engine insists on connecting (it reads the server
 * version), so it gets a database URL; it never writes to it and is never given it as a
 * shadow database. Introspecting a live database through it fails on Postgres's internal
 * "char" columns, which is why drift is checked by comparing catalogs (test/db/drift.test.ts).
 */

export const SCHEMA_FILE = new URL('../../prisma/schema.prisma', import.meta.url).pathname;

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
type WasmExports = Record<string, unknown>;
// lib ES2023 and @types/node 20 carry no WebAssembly types.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: WasmExports } }> };
};
let bgPromise: Promise<Bg> | undefined;

// The package is built for bundlers (`import * as wasm from "./x.wasm"`), which Node cannot load.
async function loadBindings(): Promise<Bg> {
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = (await import(bgUrl)) as Bg & { __wbg_set_wasm(exports: WasmExports): void };
  const { instance } = await wasm.instantiate(readFileSync(new URL('./schema_engine_bg.wasm', bgUrl)), {
    './schema_engine_bg.js': bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return bg;
}

/** SQL from datamodel `from` (null = empty database) to datamodel `to`. */
export async function diffDatamodels(databaseUrl: string, from: string | null, to: string): Promise<string> {
  bgPromise ??= loadBindings();
  const bg = await bgPromise;
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const engine = await bg.SchemaEngine.new({ datamodels: [['schema.prisma', to]] }, () => {}, adapter);
  const datamodel = (content: string) => ({
    tag: 'schemaDatamodel' as const,
    files: [{ path: 'schema.prisma', content }],
  });
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : datamodel(from),
      to: datamodel(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? '';
  } finally {
    engine.free();
  }
}

export const isEmptyMigration = (sql: string) => /^\s*(-- This is an empty migration\.)?\s*$/.test(sql);
