/**
 * One HTTP/1.1 request to the server under attack, over plain HTTP or HTTPS, and the tally of
 * what the attackers got back. A request never throws: a refused, reset or timed-out connection
 * is an answer too ("reset", "timeout"), since that is what an attacker sees.
 */
import http from 'node:http';
import https from 'node:https';

export interface Target {
  readonly url: string;
  /** The self-signed certificate the HTTPS server was started with. */
  readonly ca?: Buffer;
}

export interface Answer {
  /** 200, 429 …; undefined when the connection failed before an answer. */
  readonly status: number | undefined;
  /** "429 RATE_LIMITED", "200", "reset", "timeout" … */
  readonly label: string;
  readonly ms: number;
}

export function agentFor(target: Target, maxSockets: number): http.Agent {
  const options = { keepAlive: true, maxSockets };
  return target.url.startsWith('https:') ? new https.Agent({ ...options, ca: target.ca }) : new http.Agent(options);
}

/** The stable code of a problem+json answer, or undefined. */
function codeOf(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && 'code' in parsed && typeof parsed.code === 'string' ? parsed.code : undefined;
  } catch {
    return undefined; // not JSON (an image, or an empty answer): labelled by its status alone
  }
}

export function post(target: Target, agent: http.Agent, path: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  const client = target.url.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number | undefined, label: string) => {
      if (settled) return;
      settled = true;
      resolve({ status, label, ms: performance.now() - started });
    };
    const request = client.request(`${target.url}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        // Error answers are small; an image is only counted, not kept.
        if (kept < 65_536) chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const code = status === 200 ? undefined : codeOf(Buffer.concat(chunks));
        finish(status, code ? `${status} ${code}` : String(status));
      });
      response.on('error', () => finish(response.statusCode, `${response.statusCode ?? ''} cut off`.trim()));
    });
    request.on('timeout', () => {
      finish(undefined, 'timeout');
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish(undefined, error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : (error.code ?? error.message)));
    request.end(body);
  });
}

/** Counts of labels, printed most frequent first: "429 RATE_LIMITED ×812, 200 ×3". */
export class Answers {
  private readonly counts = new Map<string, number>();

  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n);
  }

  /** Answers with a 5xx status other than 503 (the product's only deliberate 5xx). */
  serverErrors(): number {
    return [...this.counts].filter(([label]) => /^5\d\d/.test(label) && !label.startsWith('503')).reduce((sum, [, n]) => sum + n, 0);
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  toString(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ×${n}`).join(', ') || 'none';
  }
}
