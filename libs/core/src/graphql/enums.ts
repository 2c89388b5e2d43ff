import { registerEnumType } from '@nestjs/graphql';
import { EvaluationGrade, FundingSource, OrganizationForm, ServiceDomain } from '@app/reference-data';
import { Role } from '../auth/role';

// The contract's shared enums, registered once for the whole schema.
registerEnumType(Role, { name: 'Role' });
registerEnumType(ServiceDomain, { name: 'ServiceDomain' });
registerEnumType(EvaluationGrade, { name: 'EvaluationGrade', description: '社会组织评估等级 1A..5A' });
registerEnumType(OrganizationForm, { name: 'OrganizationForm' });
registerEnumType(FundingSource, { name: 'FundingSource' });
