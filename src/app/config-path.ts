// Reading and setting one parameter of the config by its path ("ladder.loyalMinPurchases").
import type { Config } from '../engine/config';

export function getParam(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], config);
}

/** A new config with one parameter replaced (at any depth); the original is untouched. */
export function setParam(config: Config, path: string, value: unknown): Config {
  return setIn(config, path.split('.'), value) as Config;
}

function setIn(obj: unknown, [head, ...rest]: string[], value: unknown): unknown {
  const o = (obj ?? {}) as Record<string, unknown>;
  return { ...o, [head]: rest.length ? setIn(o[head], rest, value) : value };
}
