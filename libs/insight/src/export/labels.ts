import { ContractStatus } from '@app/contracts';

/** The Chinese name of a contract's status in the spreadsheets (the domains and funding sources: DOMAIN_ZH, FUNDING_ZH). */
export const CONTRACT_STATUS_LABEL: Record<ContractStatus, string> = {
  PENDING_SIGNATURE: '待签署',
  SIGNED: '已签署',
  ACTIVE: '履行中',
  COMPLETED: '已完成',
  TERMINATED: '已终止',
};
