// The holdout check's comparison in words, both languages: which way the model is off, never a bare sign.
import { describe, expect, test } from 'vitest';
import { holdoutGap } from '../../src/app/view/clv-words';

describe('holdoutGap: the model\'s purchases against those made', () => {
  test.each([
    { actual: 3591, predicted: 3963.5, en: '10.4% more than were made', zh: '比实际多 10.4%' },
    { actual: 1882, predicted: 1629.7, en: '13.4% fewer than were made', zh: '比实际少 13.4%' },
    { actual: 200, predicted: 200, en: 'exactly as many', zh: '与实际相同' },
    // A gap too small to show at one decimal still says which way it goes.
    { actual: 100_000, predicted: 100_020, en: '<0.1% more than were made', zh: '比实际多 <0.1%' },
    { actual: 10, predicted: 25, en: '150.0% more than were made', zh: '比实际多 150.0%' },
  ])('actual $actual, predicted $predicted: "$en"', ({ actual, predicted, en, zh }) => {
    expect(holdoutGap('en', actual, predicted)).toBe(en);
    expect(holdoutGap('zh', actual, predicted)).toBe(zh);
  });

  test('no purchases made in the window: no ratio to give', () => {
    expect(holdoutGap('en', 0, 12.5)).toBeNull();
    expect(holdoutGap('zh', 0, 0)).toBeNull();
  });
});
