/**
 * The optional plain-HTTP listener (HTTP_REDIRECT_PORT): it answers every request with a
 * permanent redirect to the same path over HTTPS and does nothing else — no body is read.
 */
import http from 'node:http';
import { securityHeaders } from './security-headers.js';

export interface RedirectOptions {
  /** The HTTPS port to send clients to; left out of the URL when it is 443. */
  readonly httpsPort: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

function hostWithoutPort(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const bracketed = /^\[[^\]]+\]/.exec(host);
  if (bracketed) return bracketed[0];
  return host.split(':')[0];
}

export function redirectTarget(host: string | undefined, url: string | undefined, httpsPort: number): string | undefined {
  const name = hostWithoutPort(host);
  if (!name || !/^[\w.\-[\]:]+$/.test(name)) return undefined;
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  const path = url && url.startsWith('/') ? url : '/';
  return `https://${name}${port}${path}`;
}

export function createRedirectServer(options: RedirectOptions): http.Server {
  const headers = securityHeaders({ hstsMaxAgeSeconds: undefined });
  return http.createServer({ headersTimeout: options.headersTimeoutMs, requestTimeout: options.requestTimeoutMs }, (request, response) => {
    const target = redirectTarget(request.headers.host, request.url, options.httpsPort);
    response.setHeader('connection', 'close');
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (!target) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('A Host header is required.\n');
      return;
    }
    // 308 keeps the method and body; 301 is what every client understands for GET and HEAD.
    const status = request.method === 'GET' || request.method === 'HEAD' ? 301 : 308;
    response.writeHead(status, { location: target, 'content-type': 'text/plain; charset=utf-8' }).end(`Moved to ${target}\n`);
  });
}
