// Reading and setting one parameter of the config by its path ("ladder.loyalMinPurchases").
import type { Config } from '../engine/config';

export function getParam(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], config);
}

/** A new config with one parameter replaced; the original is untouched. */
export function setParam(config: Config, path: string, value: unknown): Config {
  const [head, ...rest] = path.split('.');
  const section = (config as Record<string, unknown>)[head];
  if (!rest.length) return { ...config, [head]: value };
  return { ...config, [head]: { ...(section as object), [rest.join('.')]: value } } as Config;
}
