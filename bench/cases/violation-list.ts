import type { BenchCase } from '../harness.ts';
import { screenUnderLoad } from './home.ts';

/** GET /api/v1/me/violations of the benchmark driver (~300 records, every source of visibility). */
export const violationListCase: BenchCase = {
  name: 'violation-list',
  // The quick set keeps under 2 minutes with the home case alone.
  quick: false,
  run: (c) => screenUnderLoad(c, 'violation-list', '/api/v1/me/violations', { maxP99Ms: 25 }, { identityToo: true }),
};
