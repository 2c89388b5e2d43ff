import { useQuery } from '@apollo/client/react';
import { Table, Typography } from 'antd';
import { AuditTrailDocument, type AuditTrailQuery } from '../gql/graphql';
import { dateTime } from '../lib/format';
import { ROLE } from '../lib/labels';
import { ErrorState } from '../lib/states';

type Entry = AuditTrailQuery['auditTrail'][number];

export const ENTITY_TYPES: Record<string, string> = {
  BID: '投标',
  PROPOSAL: '推荐方案',
  CONTRACT: '合同',
  NEED: '需求',
  SESSION: '场次',
  RUN: '撮合运行',
  MILESTONE: '付款节点',
};

/** Every status change of one record, oldest first: who, when, from, to. */
export function AuditTrail({ entityType, entityId }: { entityType: string; entityId: string }) {
  const { data, loading, error, refetch } = useQuery(AuditTrailDocument, { variables: { entityType, entityId } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  return (
    <Table<Entry>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.auditTrail ?? []}
      pagination={false}
      locale={{ emptyText: '没有记录' }}
      columns={[
        { title: '时间', dataIndex: 'at', render: (t: string) => dateTime(t) },
        { title: '操作者', dataIndex: 'actorRole', render: (r: string) => (r === 'SYSTEM' ? '系统' : (ROLE[r as keyof typeof ROLE] ?? r)) },
        { title: '从', dataIndex: 'fromStatus', render: (s: string | null) => s ?? '—' },
        { title: '到', dataIndex: 'toStatus' },
        { title: '说明', dataIndex: 'detail', render: (d: unknown) => (d ? <Typography.Text code>{JSON.stringify(d)}</Typography.Text> : null) },
      ]}
    />
  );
}
