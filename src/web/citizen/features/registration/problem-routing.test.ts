import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeRegistrationProblem } from './problem-routing.ts';

describe('routeRegistrationProblem', () => {
  it('offers the Simplified name from name_not_simplified as a one-tap suggestion', () => {
    expect(routeRegistrationProblem({ status: 422, code: 'name_not_simplified', field: 'name', suggestion: '陈大文' })).toEqual({
      kind: 'simplify-name',
      suggestion: '陈大文',
    });
  });

  it('asks to switch documents on doc_type_mismatch, with the masked number when given', () => {
    expect(
      routeRegistrationProblem({ status: 422, code: 'doc_type_mismatch', field: 'docType', suggestion: { docType: 'hk_id', docNumberMasked: 'A1****(3)' } }),
    ).toEqual({ kind: 'switch-document', docType: 'hk_id', docNumberMasked: 'A1****(3)' });
    // API.md only promises that the suggestion names the document type.
    expect(routeRegistrationProblem({ status: 422, code: 'doc_type_mismatch', suggestion: 'hkmo_permit' })).toEqual({
      kind: 'switch-document',
      docType: 'hkmo_permit',
      docNumberMasked: undefined,
    });
  });

  it('falls back to the document field when doc_type_mismatch carries no usable suggestion', () => {
    expect(routeRegistrationProblem({ status: 422, code: 'doc_type_mismatch', field: 'docNumber' })).toEqual({ kind: 'field', field: 'docNumber', offerLogin: false });
  });

  it('puts each registration code on its field when the server names none', () => {
    const expected: Record<string, string> = {
      invalid_doc_number: 'docNumber',
      unsupported_doc_type: 'docType',
      invalid_name: 'name',
      identity_mismatch: 'docNumber',
      invalid_phone: 'phone',
      phone_taken: 'phone',
      doc_taken: 'docNumber',
      weak_password: 'password',
      terms_not_accepted: 'terms',
      invalid_region: 'region',
    };
    for (const [code, field] of Object.entries(expected)) {
      const status = code.endsWith('_taken') ? 409 : 422;
      expect(routeRegistrationProblem({ status, code }), code).toMatchObject({ kind: 'field', field });
    }
  });

  it('maps the API body names to form fields', () => {
    expect(routeRegistrationProblem({ status: 422, code: 'invalid_region', field: 'regionCode' })).toMatchObject({ field: 'region' });
    expect(routeRegistrationProblem({ status: 422, code: 'terms_not_accepted', field: 'agreedToTerms' })).toMatchObject({ field: 'terms' });
    // The server's field wins over the code's usual place.
    expect(routeRegistrationProblem({ status: 422, code: 'identity_mismatch', field: 'name' })).toMatchObject({ field: 'name' });
  });

  it('offers to log in only when the phone or document is already registered', () => {
    expect(routeRegistrationProblem({ status: 409, code: 'phone_taken', field: 'phone' })).toEqual({ kind: 'field', field: 'phone', offerLogin: true });
    expect(routeRegistrationProblem({ status: 409, code: 'doc_taken', field: 'docNumber' })).toEqual({ kind: 'field', field: 'docNumber', offerLogin: true });
    expect(routeRegistrationProblem({ status: 422, code: 'invalid_phone', field: 'phone' })).toMatchObject({ offerLogin: false });
  });

  it('treats a request that never reached the server as offline', () => {
    expect(routeRegistrationProblem({ status: 0, code: 'network_error' })).toEqual({ kind: 'offline' });
  });

  it('shows anything else above the submit button', () => {
    expect(routeRegistrationProblem({ status: 429, code: 'rate_limited' })).toEqual({ kind: 'form' });
    expect(routeRegistrationProblem({ status: 500, code: 'internal_error' })).toEqual({ kind: 'form' });
  });

  it('always decides on one of the known actions, whatever the server sends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), fc.string(), fc.option(fc.string(), { nil: undefined }), fc.anything(), (status, code, field, suggestion) => {
        const action = routeRegistrationProblem({ status, code, field, suggestion });
        expect(['field', 'simplify-name', 'switch-document', 'offline', 'form']).toContain(action.kind);
        if (action.kind === 'simplify-name') expect(action.suggestion.length).toBeGreaterThan(0);
      }),
    );
  });
});
