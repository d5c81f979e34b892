import { createRequire } from 'node:module';
import http from 'node:http';

/**
 * @hapi/hawk, the reference implementation, as an independent client to test our server against. It has
 * no type declarations: these type the two calls the tests use.
 */
export type Credentials = { id: string; key: string; algorithm: 'sha256' };
export type ClientArtifacts = Record<string, unknown>;
type HawkClient = {
  header(
    uri: string,
    method: string,
    options: { credentials: Credentials; payload?: string; contentType?: string; timestamp?: number; nonce?: string; ext?: string },
  ): { header: string; artifacts: ClientArtifacts };
  authenticate(
    res: { headers: Record<string, string> },
    credentials: Credentials,
    artifacts: ClientArtifacts,
    options?: { payload?: string; required?: boolean },
  ): unknown;
};

export const Hawk = createRequire(import.meta.url)('@hapi/hawk') as { client: HawkClient };

export type Reply = { status: number; body: any; text: string; headers: Headers };

/**
 * POSTs `body` to `url` with the Host header given, as a load balancer in front of several gateways passes
 * the public one on (fetch always sends the URL's own host, so this uses node:http).
 */
export function postWithHost(url: string, host: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, host, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: any;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { raw: text };
        }
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: out });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
