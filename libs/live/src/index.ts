export * from './models/session-event.model';
export * from './live-snapshot.service';
export * from './live.module';
