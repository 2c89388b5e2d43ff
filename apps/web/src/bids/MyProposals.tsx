import { ColorTag } from '../lib/ColorTag';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useAuth } from '../app/auth';
import { AcceptProposalDocument, DeclineProposalDocument, OrganizationProposalsDocument, type OrganizationProposalsQuery } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { yuan } from '../lib/format';
import { PROPOSAL_STATUS } from '../lib/labels';
import { ScoreBars } from '../lib/ScoreBars';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

type Row = OrganizationProposalsQuery['proposals'][number];

export default function MyProposals() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(OrganizationProposalsDocument, { variables: { organizationId: me!.organization!.id } });
  const [accept] = useMutation(AcceptProposalDocument);
  const [decline] = useMutation(DeclineProposalDocument);
  const rows = (data?.proposals ?? []).filter((p) => p.status !== 'EXPIRED' || p.assigned);

  async function act(kind: 'accept' | 'decline', p: Row) {
    try {
      await (kind === 'accept' ? accept : decline)({ variables: { id: p.id } });
      message.success(kind === 'accept' ? '已确认承接' : '已婉拒');
      await refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        推荐方案
      </Typography.Title>
      <Typography.Paragraph type="secondary">撮合推荐本机构承接的项目。社区和本机构都确认后，系统生成合同。</Typography.Paragraph>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无推荐方案' }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '需求',
              render: (_: unknown, p) => (
                <>
                  <Link to={`/needs/${p.need.id}`}>{p.need.title}</Link>
                  <br />
                  <Typography.Text type="secondary">
                    {p.need.community.district} · {p.need.community.name}
                  </Typography.Text>
                  {p.assigned && (
                    <>
                      <br />
                      <ColorTag tone="red">最优分配</ColorTag>
                    </>
                  )}
                </>
              ),
            },
            { title: '金额', render: (_: unknown, p) => yuan(p.bid?.price ?? p.need.budget) },
            { title: '评分构成', render: (_: unknown, p) => <ScoreBars breakdown={p.breakdown} score={p.score} /> },
            {
              title: '状态',
              render: (_: unknown, p) => (
                <Space orientation="vertical" size={0}>
                  <StatusTag map={PROPOSAL_STATUS} value={p.status} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    社区{p.communityAccepted ? '已确认' : '未确认'} · 本机构{p.organizationAccepted ? '已确认' : '未确认'}
                  </Typography.Text>
                  {p.contract && <Link to={`/contracts/${p.contract.id}`}>合同 {p.contract.number}</Link>}
                </Space>
              ),
            },
            {
              title: '操作',
              render: (_: unknown, p) =>
                (p.status === 'PROPOSED' || p.status === 'ACCEPTED') && !p.organizationAccepted ? (
                  <Space>
                    <Button type="primary" size="small" onClick={() => act('accept', p)} aria-label={`确认承接 ${p.need.title}`}>
                      确认承接
                    </Button>
                    <Button size="small" onClick={() => act('decline', p)} aria-label={`婉拒 ${p.need.title}`}>
                      婉拒
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
