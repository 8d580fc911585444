/**
 * The DNS message format (RFC 1035, EDNS0 from RFC 6891), only as far as the double's cluster DNS
 * needs it: read one question, write answers of the types CoreDNS's kubernetes plugin serves. No npm
 * package for it is installed, and this much fits in one small file.
 */

export const RecordType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  /** As asked, without the final dot; case kept (answers echo it). */
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export interface Query {
  readonly id: number;
  readonly opcode: number;
  readonly recursionDesired: boolean;
  readonly questions: readonly Question[];
  /** The UDP payload size the client announced in an OPT record; absent without EDNS. */
  readonly ednsUdpSize?: number;
}

export type RecordData =
  | { readonly type: 'A'; readonly address: string }
  | { readonly type: 'NS' | 'CNAME' | 'PTR'; readonly target: string }
  | { readonly type: 'TXT'; readonly text: string }
  | {
      readonly type: 'SRV';
      readonly priority: number;
      readonly weight: number;
      readonly port: number;
      readonly target: string;
    }
  | {
      readonly type: 'SOA';
      readonly mname: string;
      readonly rname: string;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    };

export interface ResourceRecord {
  readonly name: string;
  readonly ttl: number;
  readonly data: RecordData;
}

export interface Answer {
  readonly rcode: number;
  /** Authoritative for the zone (aa): set for every answer inside it. */
  readonly authoritative: boolean;
  /** ra: set on answers that stand for an upstream resolver's, as CoreDNS's forward passes them on. */
  readonly recursionAvailable?: boolean;
  readonly answers: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
}

/** Reads a query; undefined when it is not even a header (nothing sensible to answer). */
export function decodeQuery(message: Buffer): Query | undefined {
  if (message.length < 12) return undefined;
  const flags = message.readUInt16BE(2);
  const qdcount = message.readUInt16BE(4);
  const ancount = message.readUInt16BE(6);
  const nscount = message.readUInt16BE(8);
  const arcount = message.readUInt16BE(10);
  const questions: Question[] = [];
  let offset = 12;
  let ednsUdpSize: number | undefined;
  try {
    for (let i = 0; i < qdcount; i += 1) {
      const [name, next] = readName(message, offset);
      questions.push({ name, type: message.readUInt16BE(next), class: message.readUInt16BE(next + 2) });
      offset = next + 4;
    }
    for (let i = 0; i < ancount + nscount + arcount; i += 1) {
      const [, next] = readName(message, offset);
      const type = message.readUInt16BE(next);
      if (type === RecordType.OPT) ednsUdpSize = message.readUInt16BE(next + 2);
      offset = next + 10 + message.readUInt16BE(next + 8);
    }
  } catch {
    // A truncated or malformed question: answered FORMERR with what was read.
  }
  return {
    id: message.readUInt16BE(0),
    opcode: (flags >> 11) & 0xf,
    recursionDesired: (flags & 0x0100) !== 0,
    questions,
    ednsUdpSize,
  };
}

function readName(message: Buffer, start: number): [string, number] {
  const labels: string[] = [];
  let offset = start;
  let end: number | undefined;
  for (let jumps = 0; jumps < 64; jumps += 1) {
    const length = message.readUInt8(offset);
    if (length === 0) return [labels.join('.'), end ?? offset + 1];
    if ((length & 0xc0) === 0xc0) {
      end ??= offset + 2;
      offset = message.readUInt16BE(offset) & 0x3fff;
      continue;
    }
    if (offset + 1 + length > message.length) throw new RangeError('label past the end');
    labels.push(message.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  throw new RangeError('name compression loop');
}

/**
 * The response to `query`. Over UDP, an answer larger than the client takes (512 bytes, or its EDNS
 * size) goes out with its records dropped and TC set, so the client asks again over TCP.
 */
export function encodeResponse(query: Query, answer: Answer, maxSize = Infinity): Buffer {
  const full = encode(query, answer, false);
  if (full.length <= maxSize) return full;
  return encode(query, { ...answer, answers: [], authority: [], additional: [] }, true);
}

function encode(query: Query, answer: Answer, truncated: boolean): Buffer {
  const flags =
    0x8000 |
    (query.opcode << 11) |
    (answer.authoritative ? 0x0400 : 0) |
    (truncated ? 0x0200 : 0) |
    (query.recursionDesired ? 0x0100 : 0) |
    (answer.recursionAvailable ? 0x0080 : 0) |
    answer.rcode;
  const edns = query.ednsUdpSize !== undefined;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.id, 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(query.questions.length, 4);
  header.writeUInt16BE(answer.answers.length, 6);
  header.writeUInt16BE(answer.authority.length, 8);
  header.writeUInt16BE(answer.additional.length + (edns ? 1 : 0), 10);
  const parts: Buffer[] = [header];
  for (const question of query.questions) {
    const fixed = Buffer.alloc(4);
    fixed.writeUInt16BE(question.type, 0);
    fixed.writeUInt16BE(question.class, 2);
    parts.push(encodeName(question.name), fixed);
  }
  for (const record of [...answer.answers, ...answer.authority, ...answer.additional]) {
    parts.push(encodeRecord(record));
  }
  // OPT: the UDP size CoreDNS announces (1232, the DNS flag day's), no options.
  if (edns) parts.push(Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]));
  return Buffer.concat(parts);
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])),
    Buffer.from([0]),
  ]);
}

function encodeRecord(record: ResourceRecord): Buffer {
  const data = record.data;
  const rdata = encodeData(data);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(RecordType[data.type], 0);
  fixed.writeUInt16BE(1, 2); // IN
  fixed.writeUInt32BE(record.ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(record.name), fixed, rdata]);
}

function encodeData(data: RecordData): Buffer {
  switch (data.type) {
    case 'A':
      return Buffer.from(data.address.split('.').map(Number));
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return encodeName(data.target);
    case 'TXT':
      return Buffer.concat([Buffer.from([data.text.length]), Buffer.from(data.text, 'latin1')]);
    case 'SRV': {
      const fixed = Buffer.alloc(6);
      fixed.writeUInt16BE(data.priority, 0);
      fixed.writeUInt16BE(data.weight, 2);
      fixed.writeUInt16BE(data.port, 4);
      return Buffer.concat([fixed, encodeName(data.target)]);
    }
    case 'SOA': {
      const fixed = Buffer.alloc(20);
      [data.serial, data.refresh, data.retry, data.expire, data.minimum].forEach((value, i) =>
        fixed.writeUInt32BE(value, i * 4),
      );
      return Buffer.concat([encodeName(data.mname), encodeName(data.rname), fixed]);
    }
  }
}
