export * from './entities/service-need.entity';
