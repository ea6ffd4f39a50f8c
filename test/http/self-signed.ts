/** Self-signed certificates for 127.0.0.1/localhost, made with openssl for one test run only. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SelfSigned {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** An ECDSA P-256 key by default; `rsa` for the RSA suites of TLS 1.2. */
export function selfSigned(dir: string, kind: 'ec' | 'rsa' = 'ec'): SelfSigned {
  const certFile = path.join(dir, `${kind}-cert.pem`);
  const keyFile = path.join(dir, `${kind}-key.pem`);
  const key = kind === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'] : ['-newkey', 'rsa:2048'];
  execFileSync('openssl', [
    'req', '-x509', ...key, '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
