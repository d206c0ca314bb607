import { createServer } from 'node:net';

/**
 * A port to listen on: `preferred` when it is free, else any free one. The demo needs the port
 * before it builds its configuration, because connect links must point at the running server.
 */
export async function pickPort(preferred: number, host: string): Promise<number> {
  const probe = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        const found = typeof address === 'object' && address ? address.port : port;
        server.close(() => resolve(found));
      });
    });
  try {
    return await probe(preferred);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return probe(0);
  }
}
