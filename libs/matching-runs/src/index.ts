export * from './entities/match-run.entity';
export * from './entities/match-proposal.entity';
