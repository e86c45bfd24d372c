import { describe, expect, it } from 'vitest';
import { duration } from '../../src/cli/common.js';

describe('progress bar helpers', () => {
  it('formats the time left as seconds, minutes or hours (rounded to the second)', () => {
    expect(duration(0.4)).toBe('0s');
    expect(duration(42)).toBe('42s');
    expect(duration(59.6)).toBe('1m 00s'); // rounds to 60 s first
    expect(duration(185)).toBe('3m 05s');
    expect(duration(2 * 3600 + 7 * 60 + 30)).toBe('2h 07m');
  });
});
