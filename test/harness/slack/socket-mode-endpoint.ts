import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the app sent back for an envelope: Socket Mode's ack, with an optional response payload. */
export interface EnvelopeAck {
  readonly envelopeId: string;
  readonly payload: Record<string, unknown>;
  readonly elapsedMs: number;
}

/**
 * Slack's side of Socket Mode: apps.connections.open hands out a ws:// URL on the fake, the socket
 * says `hello`, envelopes go out, acks (`{ envelope_id, payload }`) come back. The server pings every
 * few seconds because the SDK drops a connection that hears no ping for 30 s.
 */
export class SocketModeEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<string, { sentAt: number; resolve: (ack: EnvelopeAck) => void }>();
  private readonly connectedWaiters: (() => void)[] = [];
  readonly acks: EnvelopeAck[] = [];

  constructor(server: Server) {
    server.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/socket' || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    });
  }

  /** A single-use URL, as apps.connections.open returns. */
  issueUrl(origin: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${origin.replace(/^http/, 'ws')}/socket?ticket=${ticket}`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Resolves once an app has connected (immediately when one is). */
  async waitForConnection(timeoutMs = 10_000): Promise<void> {
    if (this.sockets.size > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no Socket Mode connection within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.connectedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends an envelope (`slash_commands`, `interactive`, ...) and resolves with the app's ack. */
  async send(type: string, payload: Record<string, unknown>, timeoutMs = 5000): Promise<EnvelopeAck> {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<EnvelopeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelopeId, {
        sentAt: performance.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      }),
    );
    return acked;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    const ping = setInterval(() => ws.ping(), 5000);
    ws.on('close', () => {
      clearInterval(ping);
      this.sockets.delete(ws);
    });
    ws.on('message', (data) => this.receive(data.toString()));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        connection_info: { app_id: 'A0FAKE' },
      }),
    );
    for (const notify of this.connectedWaiters.splice(0)) notify();
  }

  private receive(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.envelope_id !== 'string') return;
    const waiter = this.waiting.get(message.envelope_id);
    const ack: EnvelopeAck = {
      envelopeId: message.envelope_id,
      payload: (message.payload as Record<string, unknown> | undefined) ?? {},
      elapsedMs: waiter ? performance.now() - waiter.sentAt : Number.NaN,
    };
    this.acks.push(ack);
    if (waiter) {
      this.waiting.delete(message.envelope_id);
      waiter.resolve(ack);
    }
  }
}
