export * from './models/insight.models';
export * from './dto/insight.inputs';
export * from './insight.errors';
export * from './insight.service';
export * from './export/export.service';
export * from './export/ocds-csv';
export * from './insight-core.module';
export * from './insight.module';
