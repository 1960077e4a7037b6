import { describe, expect, it } from 'vitest';
import { AggregatorRegistry, Histogram, Registry } from 'prom-client';
import { RequestDurations } from './request-durations.ts';

const NAME = 'http_request_duration_seconds';
const HELP = 'HTTP request duration by route and status';
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The same observations into prom-client's own Histogram and into RequestDurations. */
function both(observations: Array<[method: string, route: string, status: number, seconds: number]>) {
  const reference = new Registry();
  const histogram = new Histogram({ name: NAME, help: HELP, labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [reference] });
  const ours = new Registry();
  const durations = new RequestDurations(NAME, HELP, BUCKETS, ours);
  for (const [method, route, status, seconds] of observations) {
    histogram.observe({ method, route, status: String(status) }, seconds);
    durations.observe(method, route, status, seconds);
  }
  return { reference, ours, durations };
}

// Every bucket edge exactly, values between, above the last bound, several series interleaved.
const observations: Array<[string, string, number, number]> = [];
for (const [i, seconds] of [0, 0.0001, ...BUCKETS, 0.007, 0.3, 0.99, 2.6, 40].entries()) {
  observations.push(['GET', '/healthz', 200, seconds]);
  observations.push(['GET', '/api/v1/me', i % 3 === 0 ? 401 : 200, seconds / 3]);
  if (i % 4 === 0) observations.push(['POST', '/api/v1/sessions', 200, seconds * 1.7]);
  if (i % 5 === 0) observations.push(['GET', 'unmatched', 404, seconds]);
  if (i % 6 === 0) observations.push(['HEAD', '/healthz', 200, seconds]);
}

describe('RequestDurations', () => {
  it('writes the same /metrics text as prom-client’s Histogram', async () => {
    const { reference, ours } = both(observations);
    const text = await ours.metrics();
    expect(text).toBe(await reference.metrics());
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"} 3');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}');
  });

  it('answers the cluster aggregation with the same JSON, and sums the same across workers', async () => {
    const { reference, ours } = both(observations);
    const theirs = await reference.getMetricsAsJSON();
    const mine = await ours.getMetricsAsJSON();
    expect(mine).toEqual(theirs);
    const summed = (json: unknown) => AggregatorRegistry.aggregate([json, json] as never).metrics();
    expect(await summed(mine)).toBe(await summed(theirs));
  });

  it('starts empty and forgets everything on reset', async () => {
    const { reference, ours, durations } = both([]);
    expect(await ours.metrics()).toBe(await reference.metrics());
    durations.observe('GET', '/healthz', 200, 0.001);
    expect(await ours.metrics()).toContain('_count{method="GET",route="/healthz",status="200"} 1');
    durations.reset();
    expect(await ours.metrics()).toBe(await reference.metrics());
  });
});
