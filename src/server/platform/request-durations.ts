import type { Registry } from 'prom-client';

/** One (method, route, status) series: counts per bucket (not cumulative), sum and count. */
export interface DurationCell {
  readonly labels: { method: string; route: string; status: string };
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}

/**
 * `http_request_duration_seconds` for every answer, at the cost of a few array operations.
 *
 * prom-client's Histogram#observe takes ≈ 1 µs: it validates the label object, builds a string
 * hash of it and looks that up, on every request. Here a request finds its series through
 * nested maps (route, then method, then status) and adds to a typed array; the scrape side
 * answers prom-client's metric interface (`get`, `getForPromString`) with values in exactly the
 * shape its Histogram produces, so /metrics text and the cluster aggregation (sum) are the same
 * as before. The tests compare the two side by side.
 */
export class RequestDurations {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Map<string, Map<number, DurationCell>>>();
  /** Every series in the order it first appeared (prom-client's order too). */
  private readonly cells: DurationCell[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of one (method, route, status); created on first use. */
  cell(method: string, route: string, status: number): DurationCell {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let cell = byStatus.get(status);
    if (!cell) {
      cell = { labels: { method, route, status: String(status) }, counts: new Float64Array(this.upperBounds.length), sum: 0, count: 0 };
      byStatus.set(status, cell);
      this.cells.push(cell);
    }
    return cell;
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const cell = this.cell(method, route, status);
    const bounds = this.upperBounds;
    // Above the last bound only +Inf (the count) holds it, as in prom-client.
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        cell.counts[i]!++;
        break;
      }
    }
    cell.sum += seconds;
    cell.count++;
  }

  reset(): void {
    this.series.clear();
    this.cells.length = 0;
  }

  /** Registry#metrics() formats these: bucket lines carry `le` first, then the series' labels. */
  getForPromString() {
    const bucketName = `${this.name}_bucket`;
    const values: ExportedValue[] = [];
    for (const cell of this.cells) {
      let cumulative = 0;
      for (let i = 0; i < this.upperBounds.length; i++) {
        cumulative += cell.counts[i]!;
        values.push({ labels: { le: this.upperBounds[i]! }, sharedLabels: cell.labels, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: cell.labels, value: cell.count, metricName: bucketName, exemplar: null },
        { labels: {}, sharedLabels: cell.labels, value: cell.sum, metricName: `${this.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: cell.labels, value: cell.count, metricName: `${this.name}_count`, exemplar: undefined },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Registry#getMetricsAsJSON() (the cluster's per-worker answer): labels merged, as prom-client does. */
  get() {
    const data = this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    };
  }
}
