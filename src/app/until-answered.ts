// A progress callback for one engine call that goes quiet once the call is answered. Comlink delivers a
// proxied callback's messages on their own channel, so a last "step 3 of 3" can arrive after the answer:
// cleared before it came, it stayed on screen ("Building the baseline…" over a finished matrix).

export function untilAnswered<P>(report: (p: P) => void): { report: (p: P) => void; done: () => void } {
  let open = true;
  return { report: (p) => { if (open) report(p); }, done: () => { open = false; } };
}
