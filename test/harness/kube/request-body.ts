import type { IncomingMessage } from 'node:http';
import { ApiStatusError } from './api-status.js';
import type { KubeObject } from './object-store.js';
import { mediaType } from './request-info.js';

const unsupported = () =>
  new ApiStatusError(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );

/**
 * The object in a create request. kubectl's typed commands (`kubectl create namespace`, `kubectl auth
 * can-i`) send protobuf, its generic ones (`run`, `apply`) and client-node JSON; the double decodes protobuf for
 * the kinds kubectl creates that way and answers 415 for the rest, as a server without them would.
 */
export function decodeObjectBody(request: IncomingMessage, raw: Buffer): KubeObject {
  const type = mediaType(request);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(raw);
  if (type !== 'application/json') throw unsupported();
  try {
    return JSON.parse(raw.toString('utf8')) as KubeObject;
  } catch (error) {
    throw new ApiStatusError(400, 'BadRequest', `error decoding body: ${(error as Error).message}`);
  }
}

type Field = { number: number; bytes?: Buffer; varint?: number };

/** Protobuf's wire format, enough of it for Kubernetes objects: varints and length-delimited fields. */
function fieldsOf(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (offset < buffer.length) {
    const tag = varint();
    const number = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) fields.push({ number, varint: varint() });
    else if (wire === 2) {
      const length = varint();
      fields.push({ number, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return fields;
}

const text = (fields: Field[], number: number): string | undefined => {
  const value = fields.find((field) => field.number === number)?.bytes?.toString('utf8');
  return value ? value : undefined;
};
const texts = (fields: Field[], number: number): string[] =>
  fields.filter((field) => field.number === number).map((field) => field.bytes!.toString('utf8'));
const message = (fields: Field[], number: number): Field[] => {
  const bytes = fields.find((field) => field.number === number)?.bytes;
  return bytes ? fieldsOf(bytes) : [];
};
const map = (fields: Field[], number: number): Record<string, string> | undefined => {
  const entries = fields
    .filter((field) => field.number === number)
    .map((field) => fieldsOf(field.bytes!))
    .map((entry) => [text(entry, 1) ?? '', text(entry, 2) ?? ''] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/** k8s.io/apimachinery ObjectMeta: the fields a client sets on create. */
function objectMeta(fields: Field[]): KubeObject['metadata'] {
  return JSON.parse(
    JSON.stringify({
      name: text(fields, 1),
      generateName: text(fields, 2),
      namespace: text(fields, 3),
      labels: map(fields, 11),
      annotations: map(fields, 12),
    }),
  ) as KubeObject['metadata'];
}

/** authorization/v1 ResourceAttributes and NonResourceAttributes, as `kubectl auth can-i` fills them. */
function accessAttributes(fields: Field[]): Record<string, unknown> {
  const resource = message(fields, 1);
  const nonResource = message(fields, 2);
  const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
  return JSON.parse(
    JSON.stringify({
      resourceAttributes: resource.length
        ? Object.fromEntries(names.map((name, index) => [name, text(resource, index + 1)]))
        : undefined,
      nonResourceAttributes: nonResource.length
        ? { path: text(nonResource, 1), verb: text(nonResource, 2) }
        : undefined,
    }),
  ) as Record<string, unknown>;
}

const decoders: Record<string, (fields: Field[]) => KubeObject> = {
  'v1/Namespace': (fields) => {
    const finalizers = texts(message(fields, 2), 1);
    return { metadata: objectMeta(message(fields, 1)), spec: finalizers.length ? { finalizers } : {} };
  },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': (fields) => ({
    metadata: objectMeta(message(fields, 1)),
    spec: accessAttributes(message(fields, 2)),
  }),
};

/** The `k8s\0` envelope (runtime.Unknown: typeMeta, raw) around the object's own message. */
function decodeProtobufObject(raw: Buffer): KubeObject {
  if (raw.subarray(0, 4).toString('latin1') !== 'k8s\0') throw unsupported();
  try {
    const unknown = fieldsOf(raw.subarray(4));
    const typeMeta = message(unknown, 1);
    const apiVersion = text(typeMeta, 1) ?? '';
    const kind = text(typeMeta, 2) ?? '';
    const decode = decoders[`${apiVersion}/${kind}`];
    if (!decode) {
      throw new ApiStatusError(
        415,
        'UnsupportedMediaType',
        `the double decodes protobuf only for ${Object.keys(decoders).join(', ')}; send ${kind} as application/json`,
      );
    }
    return { apiVersion, kind, ...decode(message(unknown, 2)) };
  } catch (error) {
    if (error instanceof ApiStatusError) throw error;
    throw new ApiStatusError(400, 'BadRequest', `error decoding body: ${(error as Error).message}`);
  }
}
