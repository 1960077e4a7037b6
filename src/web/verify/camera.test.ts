import { describe, expect, it } from 'vitest';
import { cameraProblemOf } from './camera.ts';

describe('cameraProblemOf', () => {
  it('tells a refused permission from a missing or busy camera', () => {
    const err = (name: string) => Object.assign(new Error(name), { name });
    expect(cameraProblemOf(err('NotAllowedError'))).toBe('denied');
    expect(cameraProblemOf(err('SecurityError'))).toBe('denied');
    expect(cameraProblemOf(err('NotFoundError'))).toBe('no_camera');
    expect(cameraProblemOf(err('OverconstrainedError'))).toBe('no_camera');
    expect(cameraProblemOf(err('NotReadableError'))).toBe('busy');
    expect(cameraProblemOf(err('TypeError'))).toBe('failed');
    expect(cameraProblemOf('odd')).toBe('failed');
  });
});
