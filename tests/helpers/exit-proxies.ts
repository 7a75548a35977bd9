// Small HTTP proxies, each with its own exit: it opens its connections to the target from its own
// loopback address (127.0.0.2, 127.0.0.3, …), so the stand-in sees one source address per proxy,
// as YouTube sees one IP per proxy. Plain-HTTP targets arrive as absolute-form requests (what
// undici's ProxyAgent sends for http:// URLs); HTTPS targets as CONNECT tunnels.
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import { fork } from 'node:child_process';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ExitProxy {
  /** e.g. http://127.0.0.1:40123, what TRANSCRIPT_PROXY_URL lists. */
  readonly url: string;
  /** The source address the stand-in sees for requests through this proxy (its exit). */
  readonly exit: string;
  /** Epoch ms at which each request reached the proxy. */
  readonly received: number[];
  close(): Promise<void>;
}

export async function startExitProxy(exit: string): Promise<ExitProxy> {
  const sockets = new Set<Socket>();
  const received: number[] = [];
  // Kept-alive connections to the target, so that forwarding adds the same small delay to every
  // request: a fresh connection for one and a reused one for the next would bunch them up.
  const agent = new Agent({ keepAlive: true, localAddress: exit });
  const server: Server = createServer((incoming, outgoing) => {
    received.push(Date.now());
    const target = new URL(incoming.url ?? '');
    const forwarded = request({
      host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`,
      method: incoming.method, headers: withoutProxyHeaders(incoming), agent,
    }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = (incoming.url ?? '').split(':');
    const upstream = connect({ host, port: Number(port), localAddress: exit }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    const end = () => { upstream.destroy(); client.destroy(); };
    upstream.on('error', end);
    client.on('error', end);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exit,
    received,
    close: () => new Promise<void>((resolve) => {
      agent.destroy();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** `count` proxies with the exits 127.0.0.2, 127.0.0.3, …; the direct connection stays 127.0.0.1. */
export async function startExitProxies(count: number): Promise<ExitProxy[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startExitProxy(`127.0.0.${i + 2}`)));
}

function withoutProxyHeaders(incoming: IncomingMessage): Record<string, string | string[] | undefined> {
  const { 'proxy-authorization': _auth, 'proxy-connection': _connection, ...headers } = incoming.headers;
  return headers;
}

export interface ExitProxyProcess {
  readonly pid: number;
  readonly proxies: ReadonlyArray<Pick<ExitProxy, 'url' | 'exit'>>;
  /** Per proxy, in order: epoch ms at which each request reached it since the last reset. */
  received(): Promise<number[][]>;
  reset(): void;
  close(): Promise<void>;
}

/** Like startExitProxies, in a child process of their own. */
export async function spawnExitProxies(count: number): Promise<ExitProxyProcess> {
  const exits = Array.from({ length: count }, (_, i) => `127.0.0.${i + 2}`);
  const child = fork(fileURLToPath(new URL('./exit-proxy-process.ts', import.meta.url)), exits, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>(key: string) => new Promise<T>((resolve) => {
    const listen = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', listen);
      resolve(message[key] as T);
    };
    child.on('message', listen);
  });
  const proxies = await next<Array<Pick<ExitProxy, 'url' | 'exit'>>>('proxies');
  return {
    pid: child.pid!,
    proxies,
    received: () => {
      const answer = next<number[][]>('received');
      child.send('received');
      return answer;
    },
    reset: () => child.send('reset'),
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}
