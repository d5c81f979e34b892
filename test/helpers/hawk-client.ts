import { createRequire } from 'node:module';

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
