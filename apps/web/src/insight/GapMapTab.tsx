import { useQuery } from '@apollo/client/react';
import { Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { GapMapDocument, type ServiceDomain } from '../gql/graphql';
import { count, yuan } from '../lib/format';
import { DOMAIN } from '../lib/labels';
import { EmptyState, ErrorState, Loading } from '../lib/states';
import { heatOption, mapOption, type Cell } from './gap-charts';
import { EChart } from '../lib/EChart';
// The heat map's and the district map's ECharts pieces, registered for EChart.
import './charts';

/** Where demand went unserved: "recruit here" cells first, the heat map (domain × district) and the districts on the map. */
export default function GapMapTab({ fairId }: { fairId: string }) {
  const { data, loading, error, refetch } = useQuery(GapMapDocument, { variables: { fairId } });
  const cells = useMemo(() => data?.gapMap.cells ?? [], [data]);
  const heat = useMemo(() => heatOption(cells), [cells]);
  const map = useMemo(() => mapOption(cells), [cells]);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  if (cells.length === 0) return <EmptyState text="本洽谈会还没有发布的需求" />;
  const recruit = cells.filter((c) => c.withoutCandidate > 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={`需招募：无组织可承接的需求（${recruit.length} 个领域 × 区）`}>
        {recruit.length === 0 ? <Typography.Text>每个需求都至少有一家可承接的组织。</Typography.Text> : <CellTable cells={recruit} label="需招募的领域与区" />}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title="未分配需求热力图（领域 × 区）">
            <EChart replace option={heat} label="未分配需求热力图，行为服务领域，列为区" style={{ height: Math.max(260, 40 + 28 * heat.rows) }} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title="南京各区未分配需求">
            <EChart replace option={map} label="南京各区未分配需求分布图" style={{ height: 360 }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="全部领域与区">
        <CellTable cells={cells} label="全部领域与区的需求缺口" />
      </Card>
    </Space>
  );
}

function CellTable({ cells, label }: { cells: Cell[]; label: string }) {
  return (
    <Table<Cell>
      rowKey={(c) => `${c.domain}|${c.district}`}
      size="small"
      dataSource={cells}
      aria-label={label}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: '服务领域',
          dataIndex: 'domain',
          render: (d: ServiceDomain, c) => (
            <>
              {DOMAIN[d]} {c.withoutCandidate > 0 && <Tag color="red">需招募</Tag>}
            </>
          ),
        },
        { title: '区', dataIndex: 'district' },
        { title: '需求', dataIndex: 'needs', align: 'right', render: (n: number) => count(n) },
        { title: '未分配', dataIndex: 'unassigned', align: 'right', render: (n: number) => count(n) },
        { title: '无候选', dataIndex: 'withoutCandidate', align: 'right', render: (n: number) => count(n) },
        { title: '未分配预算', dataIndex: 'budget', align: 'right', render: (b: string) => yuan(b) },
        { title: '可覆盖组织', dataIndex: 'organizations', align: 'right', render: (n: number) => count(n) },
        { title: '空闲承接量', dataIndex: 'freeCapacity', align: 'right', render: (n: number) => count(n) },
      ]}
    />
  );
}
