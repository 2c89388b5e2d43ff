export * from './entities/contract.entity';
export * from './entities/contract-milestone.entity';
export * from './entities/contract-evaluation.entity';
