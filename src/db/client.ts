import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type Db = PrismaClient;

/**
 * The one way to get a Prisma client: through adapter-pg, whatever serves the URL. JIT is off
 * for our sessions: analytics queries carry a branch that is planned but rarely run (the
 * rollup's fallback to the orders), and compiling it took longer than the queries themselves.
 */
export function createPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, options: '-c jit=off' }) });
}
