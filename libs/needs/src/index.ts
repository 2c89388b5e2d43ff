import './needs.enums';

export * from './entities/service-need.entity';
export * from './entities/need-resident-review.entity';
export * from './models/service-need.model';
export * from './models/resident-review.model';
export * from './dto/need.inputs';
export * from './need.policy';
export * from './needs.errors';
export * from './needs.service';
export * from './needs.loaders';
export * from './needs-core.module';
export * from './needs.module';
export * from './import/needs-import.controller';
