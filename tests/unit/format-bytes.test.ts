// A kept file's size as the Data cell prints it: a small file never reads "0.0 MB" (the tour of 2026-12-04:
// "comma.csv (0.0 MB)" for its 156 bytes).
import { describe, expect, test } from 'vitest';
import { formatBytes } from '../../src/app/i18n';

describe('formatBytes', () => {
  test.each([
    ['en', 0, '0 bytes'],
    ['en', 1, '1 byte'],
    ['en', 151, '151 bytes'],
    ['zh', 151, '151 字节'],
    ['en', 1023, '1,023 bytes'],
    ['en', 1024, '1 KB'],
    ['en', 1535, '1 KB'],
    ['en', 1536, '2 KB'],
    ['en', 2 ** 20 - 1, '1,024 KB'],
    ['en', 2 ** 20, '1.0 MB'],
    ['en', 7.3 * 2 ** 20, '7.3 MB'],
    ['zh', 7.3 * 2 ** 20, '7.3 MB'],
    ['en', 1234.5 * 2 ** 20, '1,234.5 MB'],
  ] as const)('%s %d bytes → %s', (lang, bytes, want) => {
    expect(formatBytes(lang, bytes)).toBe(want);
  });
});
