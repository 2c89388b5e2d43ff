import { registerEnumType } from '@nestjs/graphql';
import { ComplaintStatus } from './entities/complaint.entity';

registerEnumType(ComplaintStatus, { name: 'ComplaintStatus' });
