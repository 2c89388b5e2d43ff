import { useQuery } from '@apollo/client/react';
import { Button, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../app/auth';
import { NeedsDocument, type NeedRowFragment, type NeedStatus, type ServiceDomain } from '../gql/graphql';
import { date, yuan } from '../lib/format';
import { DOMAIN, NEED_STATUS } from '../lib/labels';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';
import { NeedProposals } from './NeedProposals';

const VIEWS: Record<string, NeedStatus[] | null> = {
  全部: null,
  草稿: ['DRAFT'],
  已发布: ['PUBLISHED'],
  已匹配: ['MATCHED'],
  已签约: ['CONTRACTED', 'CLOSED'],
  已撤回: ['WITHDRAWN'],
};

export default function MyNeeds() {
  const { me } = useAuth();
  const [view, setView] = useState('全部');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const communityId = me!.community!.id;
  const statuses = VIEWS[view];
  const { data, loading, error, refetch } = useQuery(NeedsDocument, {
    variables: { filter: { communityId, ...(statuses ? { statuses } : {}) }, first: 20, after: cursors[cursors.length - 1] },
  });
  const page = data?.needs;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          我的需求 · {me!.community!.name}
        </Typography.Title>
        <Space>
          <Link to="/contracts">
            <Button>合同</Button>
          </Link>
          <Link to="/needs/new">
            <Button type="primary">发布需求</Button>
          </Link>
        </Space>
      </Space>
      <Segmented
        aria-label="按状态筛选"
        options={Object.keys(VIEWS)}
        value={view}
        onChange={(v) => {
          setView(String(v));
          setCursors([null]);
        }}
      />
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<NeedRowFragment>
          rowKey="id"
          loading={loading}
          dataSource={page?.nodes ?? []}
          pagination={false}
          locale={{ emptyText: '还没有需求，点“发布需求”开始' }}
          expandable={{
            rowExpandable: (n) => n.status !== 'DRAFT' && n.status !== 'WITHDRAWN',
            expandedRowRender: (n) => <NeedProposals needId={n.id} canDecide />,
            expandRowByClick: false,
          }}
          columns={[
            { title: '项目名称', dataIndex: 'title', render: (t: string, n) => <Link to={`/needs/${n.id}`}>{t}</Link> },
            { title: '服务领域', dataIndex: 'domain', render: (d: ServiceDomain) => DOMAIN[d] },
            { title: '预算', dataIndex: 'budget', align: 'right', render: (b: string) => yuan(b) },
            { title: '服务期', render: (_: unknown, n) => `${date(n.startsOn)} – ${date(n.endsOn)}` },
            { title: '状态', dataIndex: 'status', render: (s: NeedStatus) => <StatusTag map={NEED_STATUS} value={s} /> },
          ]}
        />
      )}
      <Space>
        <Typography.Text>共 {page?.totalCount ?? '—'} 个</Typography.Text>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!page?.pageInfo.hasNextPage} onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
