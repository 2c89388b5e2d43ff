import { registerEnumType } from '@nestjs/graphql';
import { ProposalStatus } from './entities/match-proposal.entity';
import { RunStatus } from './entities/match-run.entity';

// The matching-runs context's GraphQL enums, registered once with the names the contract uses (imported by index.ts).
registerEnumType(RunStatus, { name: 'RunStatus' });
registerEnumType(ProposalStatus, { name: 'ProposalStatus' });
