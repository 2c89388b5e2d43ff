export * from './entities/fair.entity';
export * from './entities/match-session.entity';
export * from './entities/session-need.entity';
export * from './entities/bid.entity';
