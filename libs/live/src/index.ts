import './live.enums';

export * from './models/session-event.model';
export * from './live-snapshot.service';
export * from './live.module';
export * from './models/fair-ticker-event.model';
export * from './fair-ticker';
export { LiveFanout, LIVE_FLUSH_EVERY_MS } from './live-fanout';
export { FAIR_STATS_EVERY_MS } from './live.resolver';
