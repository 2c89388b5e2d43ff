import { registerEnumType } from '@nestjs/graphql';
import { BidStatus } from './entities/bid.entity';
import { FairStatus } from './entities/fair.entity';
import { FairZone, SessionStatus } from './entities/match-session.entity';

// The fairs context's GraphQL enums, registered once with the names the contract uses (imported by index.ts).
registerEnumType(FairStatus, { name: 'FairStatus' });
registerEnumType(FairZone, { name: 'FairZone' });
registerEnumType(SessionStatus, { name: 'SessionStatus' });
registerEnumType(BidStatus, { name: 'BidStatus' });
