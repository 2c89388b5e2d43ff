import { registerEnumType } from '@nestjs/graphql';
import { NeedStatus } from './entities/service-need.entity';

// The needs context's GraphQL enums, registered once with the names the contract uses (imported by index.ts).
registerEnumType(NeedStatus, { name: 'NeedStatus' });
