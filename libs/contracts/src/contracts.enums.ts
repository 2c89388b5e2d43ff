import { registerEnumType } from '@nestjs/graphql';
import { ContractStatus } from './entities/contract.entity';

// The contracts context's GraphQL enums, registered once with the names the contract uses (imported by index.ts).
registerEnumType(ContractStatus, { name: 'ContractStatus' });
