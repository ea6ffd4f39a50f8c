/**
 * The four attacks of bench:abuse. Each runs until its deadline (and within a count), records
 * what the attackers got back, and stops its connections when the time is up; answers that
 * arrive after that are not counted.
 */
import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import net from 'node:net';
import { Answers, agentFor, post, type Target } from './requests.js';

export interface Attack {
  readonly answers: Answers;
  /** Resolves when the attack has stopped (its deadline passed and its connections are closed). */
  readonly done: Promise<void>;
}

/** The attacker's network: every address one client for a limiter that keys IPv6 by /64. */
function addressInAttackerSlash64(i: number): string {
  const low = [(i * 2654435761) >>> 16, i & 0xffff, (i * 40503) & 0xffff, (i * 7919) & 0xffff];
  return `2001:db8:bad:64:${low.map((n) => (n & 0xffff).toString(16)).join(':')}`;
}

/** Distinct IPv4 addresses (198.18.0.0/15, the benchmarking range): one client each. */
function distinctIpv4(i: number): string {
  return `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A loop never sends more than this many requests, whatever the deadline. */
const MAX_REQUESTS_PER_LOOP = 100_000;
/** After the deadline, requests still out get this long before their connections are cut. */
const GRACE_MS = 3_000;

/**
 * `loops` clients, each sending request after request as fast as answers come back, until the
 * deadline. `headersFor(i)` gives client i's headers (its X-Forwarded-For among them).
 */
function requestLoops(target: Target, loops: number, path: string, body: Buffer, headersFor: (i: number) => Record<string, string>, deadline: number): Attack {
  const answers = new Answers();
  const agent = agentFor(target, loops);
  let stopped = false;
  let waiting = 0;
  const loop = async (i: number) => {
    for (let n = 0; n < MAX_REQUESTS_PER_LOOP && Date.now() < deadline; n++) {
      waiting++;
      const answer = await post(target, agent, path, headersFor(i), body, 60_000);
      waiting--;
      if (stopped) return;
      answers.add(answer.label);
      // A refused connection comes back at once: a short pause keeps the loop from spinning.
      if (answer.status === undefined) await sleep(50);
    }
  };
  const all = Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
  const done = (async () => {
    await sleep(Math.max(0, deadline - Date.now()));
    await Promise.race([all, sleep(GRACE_MS)]);
    stopped = true;
    // Requests the server accepted and is still working on (or still reading) when the time is up.
    if (waiting > 0) answers.add('no answer yet at the end', waiting);
    agent.destroy();
  })();
  return { answers, done };
}

/** (a) 200 addresses of one IPv6 /64, through the trusted proxy hop, flood format=auto&effort=10. */
export function autoFlood(target: Target, photo: Buffer, deadline: number): Attack {
  return requestLoops(target, 200, '/api/v1/compress?format=auto&effort=10', photo, (i) => ({ 'content-type': 'image/png', 'x-forwarded-for': addressInAttackerSlash64(i) }), deadline);
}

/** (d) 20 clients (20 IPv4 addresses) send 25 MB bodies as fast as they can. */
export function largeBodies(target: Target, deadline: number): Attack {
  // Random bytes: no image, so each one costs the server the upload and nothing else.
  const body = randomBytes(25 * 1024 * 1024);
  return requestLoops(target, 20, '/api/v1/compress?format=webp', body, (i) => ({ 'content-type': 'application/octet-stream', 'x-forwarded-for': distinctIpv4(i) }), deadline);
}

/** "408 TIMEOUT"-style label of a raw HTTP/1.1 answer, from its status line and problem+json body. */
function rawLabel(raw: string): string {
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 'unparsed answer';
  const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(raw)?.[1];
  return code ? `${status} ${code}` : status;
}

/**
 * (b) 50 connections (50 IPv4 addresses) each announce a 1 MB upload and trickle it one byte a
 * second. A connection the server answers or closes is counted once, with what it got.
 */
export function trickle(target: Target, photo: Buffer, deadline: number): Attack {
  const answers = new Answers();
  const url = new URL(target.url);
  const sockets = Array.from({ length: 50 }, (_, i) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let received = '';
    let counted = false;
    const count = (label: string) => {
      if (!counted && Date.now() < deadline + 1_000) answers.add(label);
      counted = true;
    };
    socket.on('connect', () => {
      socket.write(
        `POST /api/v1/compress?format=jpeg HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: image/png\r\n` +
          `Content-Length: 1000000\r\nX-Forwarded-For: ${distinctIpv4(i)}\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined); // its end is counted on 'close'
    socket.on('close', () => count(received ? rawLabel(received) : 'closed without an answer'));
    return { socket, count };
  });
  let offset = 0;
  const ticker = setInterval(() => {
    for (const { socket } of sockets) if (socket.writable) socket.write(photo.subarray(offset % photo.length, (offset % photo.length) + 1));
    offset++;
  }, 1_000);
  const done = (async () => {
    await sleep(Math.max(0, deadline - Date.now()));
    clearInterval(ticker);
    for (const { socket, count } of sockets) {
      count('still open at the end (no answer)');
      socket.destroy();
    }
  })();
  return { answers, done };
}

/**
 * (c) One HTTP/2 connection opens 1,000 streams at once, each a format=auto&effort=10 upload of the
 * photo from an address of the attacker's /64. The client announces room for all of them before
 * the server's SETTINGS arrive, as an attacker writing frames by hand would.
 */
export function http2Streams(target: Target, photo: Buffer, deadline: number): Attack {
  const answers = new Answers();
  const session = http2.connect(target.url, { ca: target.ca, peerMaxConcurrentStreams: 1_000 });
  session.on('error', (error: NodeJS.ErrnoException) => answers.add(`connection error ${error.code ?? error.message}`));
  session.on('goaway', (code: number) => answers.add(`GOAWAY (code ${code})`));
  let open = 0;
  let finished = false;
  const streams = Array.from({ length: 1_000 }, (_, i) =>
    new Promise<void>((resolve) => {
      let label: string | undefined;
      let body = '';
      const settle = (fallback: string) => {
        if (!finished) {
          answers.add(label ?? fallback);
          open--;
        }
        resolve();
      };
      try {
        open++;
        const stream = session.request({
          ':method': 'POST',
          ':path': '/api/v1/compress?format=auto&effort=10',
          'content-type': 'image/png',
          'x-forwarded-for': addressInAttackerSlash64(i),
        });
        let status = 0;
        stream.on('response', (headers) => (status = Number(headers[':status'])));
        stream.on('data', (chunk: Buffer) => {
          if (body.length < 4_096) body += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const code = status === 200 ? undefined : /"code"\s*:\s*"([A-Z_]+)"/.exec(body)?.[1];
          label = code ? `${status} ${code}` : String(status);
        });
        stream.on('error', (error: NodeJS.ErrnoException) => (label ??= `stream error ${error.code === 'ERR_HTTP2_STREAM_ERROR' ? error.message.replace(/^Stream closed with error code /, '') : error.code}`));
        stream.on('close', () => settle(`stream closed (RST code ${stream.rstCode})`));
        stream.end(photo);
      } catch (error) {
        settle(`not opened: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }),
  );
  const done = (async () => {
    await Promise.race([Promise.all(streams), sleep(Math.max(0, deadline - Date.now()))]);
    finished = true;
    if (open > 0) answers.add('still open at the end (no answer)', open);
    session.destroy();
  })();
  return { answers, done };
}
