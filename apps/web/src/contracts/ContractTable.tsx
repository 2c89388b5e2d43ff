import { useQuery } from '@apollo/client/react';
import { Button, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ContractsDocument, type ContractFieldsFragment, type ContractFilter } from '../gql/graphql';
import { date, yuan } from '../lib/format';
import { CONTRACT_STATUS } from '../lib/labels';
import { AuditTrail } from '../fairs/AuditTrail';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

const PAGE = 20;

/** A page of contracts; `audited` (organizers, admins) adds each contract's status history under its row. */
export default function ContractTable({ filter, audited = false }: { filter?: ContractFilter; audited?: boolean }) {
  const [page, setPage] = useState(0);
  const [auditOf, setAuditOf] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(ContractsDocument, { variables: { filter: filter ?? null, first: PAGE, offset: page * PAGE } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<ContractFieldsFragment>
        rowKey="id"
        loading={loading}
        dataSource={data?.contracts ?? []}
        pagination={false}
        locale={{ emptyText: '暂无合同' }}
        scroll={{ x: 900 }}
        columns={[
          { title: '合同编号', dataIndex: 'number', render: (n: string, c) => <Link to={`/contracts/${c.id}`}>{n}</Link> },
          { title: '项目', render: (_: unknown, c) => c.need.title },
          { title: '社区', render: (_: unknown, c) => `${c.community.district} · ${c.community.name}` },
          { title: '社会组织', render: (_: unknown, c) => c.organization.name },
          { title: '金额', dataIndex: 'amount', align: 'right', render: (a: string) => yuan(a, 2) },
          { title: '服务期', render: (_: unknown, c) => `${date(c.startsOn)} – ${date(c.endsOn)}` },
          { title: '付款节点', render: (_: unknown, c) => `${c.milestones.filter((m) => m.paid).length} / ${c.milestones.length} 已付` },
          { title: '状态', dataIndex: 'status', render: (s: ContractFieldsFragment['status']) => <StatusTag map={CONTRACT_STATUS} value={s} /> },
          ...(audited
            ? [
                {
                  title: '审计',
                  render: (_: unknown, c: ContractFieldsFragment) => (
                    <Button size="small" aria-label={`合同 ${c.number} 的记录`} onClick={() => setAuditOf(auditOf === c.id ? null : c.id)}>
                      {auditOf === c.id ? '收起' : '记录'}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        expandable={
          audited
            ? {
                showExpandColumn: false,
                expandedRowKeys: auditOf ? [auditOf] : [],
                expandedRowRender: (c) => <AuditTrail entityType="CONTRACT" entityId={c.id} />,
              }
            : undefined
        }
      />
      <Space>
        <Button disabled={page === 0} onClick={() => setPage(page - 1)}>
          上一页
        </Button>
        <Button disabled={(data?.contracts.length ?? 0) < PAGE} onClick={() => setPage(page + 1)}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
