export * from './identity.module';
export * from './identity.service';
export * from './entities/user.entity';
export * from './models/user.model';
