/** The part of autocannon's API the serve benches use (the package ships no types). */
declare module "autocannon" {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    connections?: number;
    duration?: number;
    timeout?: number;
  }
  interface Stats {
    average: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    latency: Stats;
    requests: Stats & { total: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    "5xx": number;
    "4xx": number;
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
