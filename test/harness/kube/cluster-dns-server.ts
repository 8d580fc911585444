import { execFile } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { answerQuestion, type ClusterDnsView } from './cluster-dns-records.js';
import { decodeQuery, encodeResponse, Rcode, type Answer, type Query } from './dns-wire.js';

const run = promisify(execFile);

/**
 * Where the doubles' cluster DNS servers listen: 198.18.202.10-41, one address per double, outside the
 * pods' bridge (198.18.200.0/24). Why a server in the double's own process and not a DNS pod: it answers
 * from the objects the double holds at the moment of the question, with no copy to keep in step (a
 * Service deleted is gone from the next answer). Why an address of its own on the host's loopback:
 * resolv.conf takes no port, so each double needs port 53 on an address of its own when several run at
 * once in separate jest workers on the one bridge; pods reach it through their default route, the
 * bridge's gateway, and Linux delivers a packet to any of its local addresses whatever the interface.
 */
export const clusterDnsRange = { prefix: '198.18.202.', first: 10, last: 41 } as const;

/** Answering a question may not take longer than this (a Docker look at the pods included). */
const answerBoundMs = 4000;

export interface ClusterDnsServer {
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Claims a free address of the range and serves DNS on its port 53, over UDP and TCP. Binding is the
 * claim: the address may already be on the loopback (another double's, or one a killed run left), and
 * whoever binds port 53 on it first owns it; the others move on to the next.
 */
export async function startClusterDns(view: () => ClusterDnsView): Promise<ClusterDnsServer> {
  const problems: string[] = [];
  for (let host = clusterDnsRange.first; host <= clusterDnsRange.last; host += 1) {
    const address = `${clusterDnsRange.prefix}${host}`;
    await addLoopbackAddress(address);
    const udp = createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address, port: 53, exclusive: true }, () => {
          udp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      problems.push(`${address}: ${(error as Error).message}`);
      udp.close();
      continue;
    }
    const connections = new Set<Socket>();
    const tcp = createServer((socket) => {
      connections.add(socket);
      socket.on('close', () => connections.delete(socket));
      serveTcp(socket, view);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: address, port: 53, exclusive: true }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      problems.push(`${address} (tcp): ${(error as Error).message}`);
      udp.close();
      continue;
    }
    udp.on('message', (message, peer) => void serveUdp(udp, message, peer, view));
    // A socket error (an ICMP unreachable from a client gone away) must not end the double.
    udp.on('error', () => undefined);
    return { address, close: () => stop(address, udp, tcp, connections) };
  }
  throw new Error(
    `cluster DNS: no free address in ${clusterDnsRange.prefix}${clusterDnsRange.first}-${clusterDnsRange.last} ` +
      `(each running double takes one; stop stale doubles with \`docker ps --filter label=netshoot-bot.test/kube-double\`): ${problems.slice(-3).join('; ')}`,
  );
}

async function addLoopbackAddress(address: string): Promise<void> {
  try {
    await run('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
  } catch (error) {
    // There already: another double's (its bind will tell) or a stale one (free to take).
    // iproute2 says `File exists` or `Address already assigned`, by version.
    if (!/File exists|already assigned/.test(String((error as { stderr?: string }).stderr))) {
      throw new Error(
        `cluster DNS: cannot add ${address} to the loopback (the double runs as root, with \`ip\`): ${String((error as Error).message)}`,
      );
    }
  }
}

/**
 * The address goes first, then the sockets: a double starting meanwhile may add the address again,
 * but cannot bind it while these sockets hold it, so it never gets an address that is about to vanish.
 */
async function stop(
  address: string,
  udp: UdpSocket,
  tcp: Server,
  connections: ReadonlySet<Socket>,
): Promise<void> {
  await run('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']).catch(() => undefined);
  await new Promise<void>((resolve) => udp.close(() => resolve()));
  const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
  // A client holding its connection open would keep close() waiting.
  for (const socket of connections) socket.destroy();
  await closed;
}

async function respond(message: Buffer, view: () => ClusterDnsView): Promise<[Query, Answer] | undefined> {
  const query = decodeQuery(message);
  if (!query) return undefined;
  const failed = (rcode: number): [Query, Answer] => [
    query,
    { rcode, authoritative: false, answers: [], authority: [], additional: [] },
  ];
  if (query.opcode !== 0) return failed(Rcode.NOTIMP);
  const question = query.questions[0];
  if (query.questions.length !== 1 || !question) return failed(Rcode.FORMERR);
  if (question.class !== 1) return failed(Rcode.REFUSED);
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      answerQuestion(view(), question),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('answer took too long')), answerBoundMs);
      }),
    ]);
    return [query, answer];
  } catch {
    // As CoreDNS does when its backend fails: SERVFAIL, never a guess.
    return failed(Rcode.SERVFAIL);
  } finally {
    clearTimeout(timer);
  }
}

async function serveUdp(
  socket: UdpSocket,
  message: Buffer,
  peer: { address: string; port: number },
  view: () => ClusterDnsView,
): Promise<void> {
  const result = await respond(message, view);
  if (!result) return;
  const [query, answer] = result;
  const limit = Math.max(512, query.ednsUdpSize ?? 512);
  socket.send(encodeResponse(query, answer, limit), peer.port, peer.address, () => undefined);
}

/** DNS over TCP: each message behind its two-byte length, several on one connection. */
function serveTcp(socket: Socket, view: () => ClusterDnsView): void {
  let pending = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + message.length);
      void respond(Buffer.from(message), view).then((result) => {
        if (!result || socket.destroyed) return;
        const response = encodeResponse(result[0], result[1]);
        const length = Buffer.alloc(2);
        length.writeUInt16BE(response.length);
        socket.write(Buffer.concat([length, response]));
      });
    }
  });
}
