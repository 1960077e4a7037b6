import { describe, expect, it } from 'vitest';
import {
  DRAFT_KEY,
  PENDING_KEY,
  clearDraft,
  clearPendingRegistration,
  loadDraft,
  loadPendingRegistration,
  saveDraft,
  savePendingRegistration,
  type StorageLike,
} from './registration-storage.ts';

function memoryStore(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('registration draft', () => {
  it('round-trips what the user typed', () => {
    const store = memoryStore();
    saveDraft({ step: 'details', docType: 'hk_id', docNumber: 'A123456(3)', name: '陈大文', phone: '13812345678', region: ['440000', '440300'], terms: true }, store);
    expect(loadDraft(store)).toEqual({
      step: 'details',
      docType: 'hk_id',
      docNumber: 'A123456(3)',
      name: '陈大文',
      phone: '13812345678',
      region: ['440000', '440300'],
      terms: true,
    });
    clearDraft(store);
    expect(loadDraft(store)).toBeNull();
  });

  it('never writes a password, even when handed one', () => {
    const store = memoryStore();
    const values = { step: 'details' as const, docType: 'cn_id' as const, name: '张三', password: 'correct horse battery', confirmPassword: 'correct horse battery' };
    saveDraft(values, store);
    expect(store.data.get(DRAFT_KEY)).not.toContain('correct horse');
  });

  it('ignores damaged or foreign data instead of failing', () => {
    const store = memoryStore();
    store.setItem(DRAFT_KEY, '{not json');
    expect(loadDraft(store)).toBeNull();
    store.setItem(DRAFT_KEY, JSON.stringify({ step: 'details', docType: 'driving_licence', region: [1, 2], terms: 'yes' }));
    // Without a valid document type the details step cannot be shown: start at step 1.
    expect(loadDraft(store)).toEqual({ step: 'docType' });
  });

  it('works without storage (privacy modes)', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveDraft({ step: 'docType' }, broken)).not.toThrow();
    expect(loadDraft(broken)).toBeNull();
    expect(() => clearDraft(broken)).not.toThrow();
  });
});

describe('pending registration', () => {
  it('keeps the account id, upload token and photo count across a reload', () => {
    const store = memoryStore();
    savePendingRegistration({ id: 'acc-1', uploadToken: 'tok', docType: 'hkmo_permit', uploaded: 1 }, store);
    expect(loadPendingRegistration(store)).toEqual({ id: 'acc-1', uploadToken: 'tok', docType: 'hkmo_permit', uploaded: 1 });
    clearPendingRegistration(store);
    expect(loadPendingRegistration(store)).toBeNull();
  });

  it('refuses an entry without id or token and repairs a bad count', () => {
    const store = memoryStore();
    store.setItem(PENDING_KEY, JSON.stringify({ id: 'acc-1' }));
    expect(loadPendingRegistration(store)).toBeNull();
    store.setItem(PENDING_KEY, JSON.stringify({ id: 'acc-1', uploadToken: 'tok', uploaded: -3, docType: 'x' }));
    expect(loadPendingRegistration(store)).toEqual({ id: 'acc-1', uploadToken: 'tok', uploaded: 0 });
  });
});
