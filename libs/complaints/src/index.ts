import './complaints.enums';

export * from './entities/complaint.entity';
export * from './models/complaint.model';
export * from './dto/complaint.inputs';
export * from './complaint.policy';
export * from './complaints.errors';
export * from './complaints.service';
export * from './complaints-core.module';
export * from './complaints.module';
