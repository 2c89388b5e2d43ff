export * from './entities/service-need.entity';
export * from './models/service-need.model';
export * from './dto/need.inputs';
export * from './need-visibility';
export * from './needs.service';
export * from './need-search.service';
export * from './needs.loaders';
export * from './needs.module';
