import DataLoader from 'dataloader';
import type { WebSocket } from 'ws';
import { Principal } from '../auth/role';

/** What every resolver can reach: the caller, and this request's DataLoaders. */
export interface RequestContext {
  principal: Principal | null;
  loaders: Map<string, DataLoader<unknown, unknown>>;
  req?: unknown;
  /** The caller's network address (Express req.ip, which honours TRUST_PROXY), for throttling; null when unknown. */
  clientAddress?: string | null;
  /** A subscription's context lives as long as the socket: its loaders must not cache. */
  live?: boolean;
  /** Over graphql-ws: the socket and the operation id, for the live fan-out. */
  liveSocket?: { socket: WebSocket; id: string };
}

/**
 * The DataLoader named `name` for this request, created on first use. Loaders live
 * in the request context, never in a singleton, so one caller's cache never serves
 * another and nothing outlives the request.
 */
export function requestLoader<K, V>(ctx: RequestContext, name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500, cache: !ctx.live });
    ctx.loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** Orders batch results by key, as DataLoader requires. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
