// autocannon ships no types; the bench uses its programmatic API only.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export type Histogram = Record<string, number>;
  export type Result = {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    totalCompletedRequests: number;
    totalRequests: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  export type Options = {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    expectBody?: string;
    /** Called with each response's body; false counts the response as a mismatch. */
    verifyBody?: (body: string) => boolean;
    /** Requests each connection cycles through; `setupRequest` may rewrite one before every send. */
    requests?: RequestSpec[];
  };
  export type RequestSpec = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  };
  export type Instance = EventEmitter & { stop(): void };
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
