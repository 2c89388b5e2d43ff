import type { ComplaintStatus } from '../gql/graphql';

export const COMPLAINT_STATUS: Record<ComplaintStatus, { text: string; color: string }> = {
  PENDING: { text: '待处理', color: 'orange' },
  UPHELD: { text: '质疑成立', color: 'red' },
  DISMISSED: { text: '已驳回', color: 'default' },
  WITHDRAWN: { text: '已撤回', color: 'default' },
};

/** votesFor / (votesFor + votesAgainst) as a percentage, e.g. "83.3%". */
export const supportText = (support: number | null | undefined) => (support == null ? '未评议' : `${(support * 100).toFixed(1)}%`);
