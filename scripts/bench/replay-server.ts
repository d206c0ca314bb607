import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a marketplace with no latency and no cost of its own, for the sync benchmark:
 * in `record` mode it forwards each request to the sandbox and keeps the answer; in `replay`
 * mode it answers the same request (method, path and query, body) with the kept bytes, so a
 * second sync measures our side only — HTTP, JSON, validation, mapping and PostgreSQL.
 */
export interface ReplayServer {
  url: string;
  mode: 'record' | 'replay';
  recorded: number;
  stop(): Promise<void>;
}

interface Kept {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startReplayServer(target: string): Promise<ReplayServer> {
  const kept = new Map<string, Kept>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const key = createHash('sha256').update(`${req.method} ${req.url}\n`).update(body).digest('hex');
    let answer = kept.get(key);
    if (!answer && self.mode === 'record') {
      const upstream = await fetch(new URL(req.url!, target), {
        method: req.method!,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k) && k !== 'host'),
        ) as Record<string, string>,
        ...(body.length > 0 && { body }),
      });
      answer = {
        status: upstream.status,
        headers: Object.fromEntries(
          [...upstream.headers].filter(([k]) => !HOP_BY_HOP.has(k) && k !== 'content-encoding'),
        ),
        body: Buffer.from(await upstream.arrayBuffer()),
      };
      kept.set(key, answer);
      self.recorded = kept.size;
    }
    if (!answer) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`not recorded: ${req.method} ${req.url}`);
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const self: ReplayServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: 'record',
    recorded: 0,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return self;
}
