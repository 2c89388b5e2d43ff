import { IdentityModule } from '@app/identity';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { ComplaintsCoreModule } from './complaints-core.module';
import { ComplaintsLoaders } from './complaints.loaders';
import { ComplaintResolver, NeedComplaintsResolver } from './complaints.resolver';

/** The complaints' GraphQL face (api only). */
@Module({
  imports: [ComplaintsCoreModule, NeedsModule, IdentityModule],
  providers: [ComplaintsLoaders, ComplaintResolver, NeedComplaintsResolver],
  exports: [ComplaintsCoreModule],
})
export class ComplaintsModule {}
