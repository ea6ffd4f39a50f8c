/**
 * A raw HTTP/2 client over TLS, frame by frame, for what node:http2's client will not do: open
 * more streams than the server allows, or leave a HEADERS frame unfinished. It answers the
 * server's SETTINGS and keeps every frame it receives.
 */
import tls from 'node:tls';

export const FRAME = { DATA: 0x0, HEADERS: 0x1, RST_STREAM: 0x3, SETTINGS: 0x4, GOAWAY: 0x7 } as const;
export const FLAG = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4 } as const;
export const SETTING_MAX_CONCURRENT_STREAMS = 0x3;
export const REFUSED_STREAM = 0x7;

export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** The 9-byte frame header alone: announces `length` bytes of payload, which may then come slowly. */
export function frameHeader(type: number, flags: number, streamId: number, length: number): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(length, 0, 3);
  header.writeUInt8(type, 3);
  header.writeUInt8(flags, 4);
  header.writeUInt32BE(streamId & 0x7fffffff, 5);
  return header;
}

export function frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([frameHeader(type, flags, streamId, payload.length), payload]);
}

/** HPACK: a literal header field without indexing, its name from the static table. */
function literal(nameIndex: number, value: string): Buffer {
  const bytes = Buffer.from(value, 'latin1');
  if (nameIndex > 15 || bytes.length > 126) throw new Error('keep test headers short');
  return Buffer.concat([Buffer.from([nameIndex, bytes.length]), bytes]);
}

/** A request's header block: method (GET or POST, from HPACK's static table), https, path, authority. */
export function requestHeaderBlock(method: 'GET' | 'POST', path: string, authority: string): Buffer {
  // Static table: 2 = :method GET, 3 = :method POST, 7 = :scheme https; 4 = :path, 1 = :authority (names).
  return Buffer.concat([Buffer.from([method === 'GET' ? 0x82 : 0x83, 0x87]), literal(4, path), literal(1, authority)]);
}

export interface RawHttp2 {
  readonly frames: Frame[];
  send(bytes: Buffer): void;
  /** Resolves with the first frame (already received or to come) matching `test`, or rejects when the connection ends first. */
  waitForFrame(test: (f: Frame) => boolean): Promise<Frame>;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
}

export async function connectRaw(port: number, ca: Buffer): Promise<RawHttp2> {
  const socket = tls.connect({ port, host: '127.0.0.1', ca, ALPNProtocols: ['h2'] });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  if (socket.alpnProtocol !== 'h2') throw new Error(`the server did not choose h2 (${String(socket.alpnProtocol)})`);
  const frames: Frame[] = [];
  const waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void }[] = [];
  let pending = Buffer.alloc(0);
  let ended = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => {
    ended = true;
    for (const waiter of waiters.splice(0)) waiter.reject(new Error('the connection closed first'));
    resolve();
  }));
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 9) {
      const length = pending.readUIntBE(0, 3);
      if (pending.length < 9 + length) break;
      const received: Frame = { type: pending.readUInt8(3), flags: pending.readUInt8(4), streamId: pending.readUInt32BE(5) & 0x7fffffff, payload: pending.subarray(9, 9 + length) };
      pending = pending.subarray(9 + length);
      frames.push(received);
      if (received.type === FRAME.SETTINGS && (received.flags & FLAG.ACK) === 0) socket.write(frame(FRAME.SETTINGS, FLAG.ACK, 0));
      for (const waiter of waiters.filter((w) => w.test(received))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(received);
      }
    }
  });
  socket.write(Buffer.concat([PREFACE, frame(FRAME.SETTINGS, 0, 0)]));
  return {
    frames,
    send: (bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    },
    waitForFrame(test) {
      const found = frames.find(test);
      if (found) return Promise.resolve(found);
      if (ended) return Promise.reject(new Error('the connection closed first'));
      return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }));
    },
    closed,
    destroy: () => socket.destroy(),
  };
}

/** The value of one setting in a SETTINGS frame's payload, if it is there. */
export function settingValue(settings: Frame, id: number): number | undefined {
  for (let at = 0; at + 6 <= settings.payload.length; at += 6) {
    if (settings.payload.readUInt16BE(at) === id) return settings.payload.readUInt32BE(at + 2);
  }
  return undefined;
}
