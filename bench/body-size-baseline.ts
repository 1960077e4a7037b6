/**
 * A bare Fastify route answering a fixed body of N bytes (default: the bench driver's
 * violation list, 183 969 bytes), under the bench's autocannon load: its maximum rate, then
 * twice at half of it. Shows what the size of an answer alone costs in rate and p99 on this
 * machine, apart from the app (docs/performance.md, violation list).
 *
 *   npx tsx bench/body-size-baseline.ts 183969
 *   npx tsx bench/body-size-baseline.ts 7251
 */
import Fastify from 'fastify';
import { runLoad } from './load.ts';
const size = Number(process.argv[2] ?? 183969);
const body = Buffer.alloc(size, 'a');
const app = Fastify();
app.get('/', (_q, reply) => { reply.type('application/json').send(body); });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const max = await runLoad({ url: `${address}/`, connections: 10, durationSeconds: 8 });
console.log(size, 'max', max.rps, max.p50Ms, max.p99Ms);
for (let i = 0; i < 2; i++) {
  const half = await runLoad({ url: `${address}/`, connections: 10, durationSeconds: 8, rate: max.rps / 2 });
  console.log(size, 'half', half.rps, half.p50Ms, half.p99Ms);
}
await app.close();
