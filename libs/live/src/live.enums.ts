import { SessionEventType } from '@app/core';
import { registerEnumType } from '@nestjs/graphql';

// The live context's GraphQL enums, registered once with the names the contract uses (imported by index.ts).
registerEnumType(SessionEventType, { name: 'SessionEventType' });
