// A baseline's last progress step arriving after the answer (Comlink's callback channel is not the answer's)
// must not put "Building the baseline of … step 3 of 3" back over the finished matrix.
import { expect, test } from 'vitest';
import { untilAnswered } from '../../src/app/until-answered';

test('steps reported before the answer are shown; a step arriving after it is dropped', () => {
  let shown: string | null = null;
  const progress = untilAnswered<string>((p) => (shown = p));
  progress.report('step 1 of 3');
  progress.report('step 2 of 3');
  expect(shown).toBe('step 2 of 3');
  progress.done();
  shown = null; // the page clears the status when the answer comes
  progress.report('step 3 of 3'); // late, on the callback's own channel
  expect(shown).toBeNull();
});
