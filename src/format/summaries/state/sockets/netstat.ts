import type { Summarizer } from '../../summary.js';
import { summarizeSockets, type Socket } from './sockets.js';

/** `netstat -tan`, `-tulpn`: the "Active Internet connections" table. Routes, interfaces, -s: not summarised. */
export const summarizeNetstat: Summarizer = (result) => {
  if (result.exitCode !== 0 || !/^Active Internet connections/m.test(result.stdout)) return undefined;
  const sockets: Socket[] = [];
  for (const line of result.stdout.split('\n')) {
    const [proto, recvQ, sendQ, local, peer, ...rest] = line.trim().split(/\s+/);
    if (!proto || !/^(tcp|udp|raw)6?$/.test(proto) || peer === undefined) continue;
    // UDP lines often have no state: the next word is then the PID/Program column (-p) or nothing.
    const [maybeState, ...after] = rest;
    const isState = maybeState !== undefined && /^[A-Z][A-Z_0-9]*$/.test(maybeState);
    const program = (isState ? after : rest).join(' ');
    sockets.push({
      protocol: proto.replace(/6$/, ''),
      state: isState ? maybeState : '',
      recvQ: Number(recvQ),
      sendQ: Number(sendQ),
      local: local ?? '',
      peer,
      // 24569/nc -> nc; "-" when netstat may not see the process.
      process: /^\d+\/(.+)$/.exec(program)?.[1] ?? '',
    });
  }
  return summarizeSockets(sockets);
};
