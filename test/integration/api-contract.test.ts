import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * The fields the public contract (shared/design/API.md) names for each answer, written out
 * here because the contract lives outside this repository. The OpenAPI document is generated
 * from the schemas the routes serialise with, so a field missing there is missing on the wire;
 * renaming or dropping one fails this test. Additions are free (docs/api-additions.md).
 */
const contract: Array<{ method: string; path: string; status: string; fields: string[]; nested?: Record<string, string[]> }> = [
  { method: 'post', path: '/api/v1/accounts', status: '201', fields: ['id', 'status', 'uploadToken'] },
  { method: 'post', path: '/api/v1/sessions', status: '200', fields: ['token', 'expiresAt', 'account'] },
  { method: 'get', path: '/api/v1/me', status: '200', fields: ['id', 'name', 'docType', 'docNumberMasked', 'phoneMasked', 'regionCode', 'status', 'gestureEnabled'] },
  { method: 'put', path: '/api/v1/me/gesture', status: '200', fields: ['deviceToken'] },
  { method: 'post', path: '/api/v1/sms-codes', status: '202', fields: ['expiresAt'] },
  {
    method: 'get',
    path: '/api/v1/me/licence',
    status: '200',
    fields: ['bound', 'licence', 'reason', 'hint'],
    nested: { licence: ['numberMasked', 'name', 'class', 'firstIssuedOn', 'validFrom', 'validTo', 'status', 'statusText', 'points', 'issuingAuthority'] },
  },
  { method: 'post', path: '/api/v1/me/elicence/applications', status: '201', fields: ['id', 'status', 'expectedBy'] },
  { method: 'get', path: '/api/v1/me/elicence', status: '200', fields: ['status', 'licence', 'credential'], nested: { credential: ['qr', 'issuedAt', 'expiresAt'] } },
  {
    method: 'post',
    path: '/api/v1/elicence/verify',
    status: '200',
    fields: ['valid', 'reason', 'holder', 'checkedAt'],
    nested: { holder: ['name', 'numberMasked', 'class', 'validTo', 'status', 'statusText'] },
  },
  {
    method: 'get',
    path: '/api/v1/me/vehicles',
    status: '200',
    fields: ['id', 'plate', 'plateType', 'plateTypeText', 'scheme', 'relation', 'brand', 'inspectionValidTo', 'unhandledViolations'],
  },
  {
    method: 'get',
    path: '/api/v1/me/violations',
    status: '200',
    fields: ['id', 'plate', 'occurredAt', 'location', 'code', 'description', 'fineFen', 'points', 'status', 'decisionNo', 'dueOn', 'lateFeeFen', 'payableFen', 'rental'],
  },
  { method: 'post', path: '/api/v1/violations/{id}/handle', status: '200', fields: ['decisionNo', 'fineFen', 'points', 'dueOn'] },
  {
    method: 'get',
    path: '/api/v1/fines/{decisionNo}',
    status: '200',
    fields: ['decisionNo', 'status', 'fineFen', 'lateFeeFen', 'payableFen', 'dueOn', 'paidAt', 'receiptNo'],
  },
  { method: 'post', path: '/api/v1/fines/{decisionNo}/payments', status: '201', fields: ['paymentId', 'amountFen', 'redirectUrl'] },
  { method: 'get', path: '/api/v1/payments/{paymentId}', status: '200', fields: ['paymentId', 'status', 'amountFen'] },
  { method: 'post', path: '/api/v1/staff/sessions', status: '200', fields: ['token'] },
];

/** The routes the contract names without fixing an answer's fields. */
const contractRoutes = [
  ['post', '/api/v1/accounts/{id}/document-photos'],
  ['delete', '/api/v1/sessions/current'],
  ['post', '/api/v1/sessions/gesture'],
  ['delete', '/api/v1/me/gesture'],
  ['delete', '/api/v1/me'],
  ['post', '/api/v1/me/licence/filing'],
  ['get', '/.well-known/jwks.json'],
  ['post', '/api/v1/me/vehicles/filings'],
  ['post', '/api/v1/payments/callbacks/sandbox'],
  ['post', '/api/v1/staff/registry/imports'],
  ['get', '/api/v1/staff/reviews'],
  ['post', '/api/v1/staff/reviews/{id}/decision'],
  ['get', '/api/v1/dev/sms'],
] as const;

type Schema = { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; type?: string | string[] };

/** Every property name an answer can carry at the top level, through arrays and unions. */
function propertiesOf(schema: Schema | undefined): Map<string, Schema[]> {
  const found = new Map<string, Schema[]>();
  const visit = (s: Schema | undefined) => {
    if (!s) return;
    if (s.items) visit(s.items);
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) visit(alt);
    for (const [name, sub] of Object.entries(s.properties ?? {})) found.set(name, [...(found.get(name) ?? []), sub]);
  };
  visit(schema);
  return found;
}

describe('the public contract in the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  });
  afterAll(() => t.close());

  it.each(contract)('$method $path answers $status with the contract fields', ({ method, path, status, fields, nested }) => {
    const response = doc.paths[path]?.[method]?.responses[status];
    expect(response, `${method} ${path} ${status}`).toBeDefined();
    const schema = response!.content?.['application/json']?.schema;
    const props = propertiesOf(schema);
    for (const field of fields) expect(props.has(field), `${path}: ${field}`).toBe(true);
    for (const [parent, children] of Object.entries(nested ?? {})) {
      const inner = new Map<string, Schema[]>();
      for (const s of props.get(parent) ?? []) for (const [k, v] of propertiesOf(s)) inner.set(k, v);
      for (const child of children) expect(inner.has(child), `${path}: ${parent}.${child}`).toBe(true);
    }
  });

  it.each(contractRoutes)('%s %s exists', (method, path) => {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('describes errors as problem documents with a stable code', () => {
    const problem = doc.paths['/api/v1/sessions']!.post!.responses['401']!.content!['application/problem+json'] ?? doc.paths['/api/v1/sessions']!.post!.responses['401']!.content!['application/json'];
    const props = propertiesOf(problem!.schema);
    for (const field of ['status', 'title', 'detail', 'code']) expect(props.has(field), field).toBe(true);
  });
});
