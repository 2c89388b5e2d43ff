import { ColorTag } from '../lib/ColorTag';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { AcceptProposalDocument, DeclineProposalDocument, NeedProposalsDocument, type NeedProposalsQuery } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { yuan } from '../lib/format';
import { GRADE, PROPOSAL_STATUS } from '../lib/labels';
import { ScoreBars } from '../lib/ScoreBars';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

type Proposal = NeedProposalsQuery['proposals'][number];

/** A need's proposals, best first, with the breakdown of each score; the community accepts or declines. */
export function NeedProposals({ needId, canDecide }: { needId: string; canDecide: boolean }) {
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(NeedProposalsDocument, { variables: { needId } });
  const [accept, accepting] = useMutation(AcceptProposalDocument);
  const [decline, declining] = useMutation(DeclineProposalDocument);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  // Only the latest run's proposals are live; older runs stay for the record.
  const proposals = [...(data?.proposals ?? [])].sort((a, b) =>
    a.run.createdAt === b.run.createdAt ? a.rank - b.rank : a.run.createdAt < b.run.createdAt ? 1 : -1,
  );
  const latestRun = proposals[0]?.run.id;

  async function act(kind: 'accept' | 'decline', p: Proposal) {
    try {
      await (kind === 'accept' ? accept : decline)({ variables: { id: p.id } });
      message.success(kind === 'accept' ? '已接受推荐方案' : '已婉拒推荐方案');
      await refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const shown = proposals.filter((p) => p.run.id === latestRun);
  // Said in plain text: the table's own empty row under a horizontal scroll is drawn too pale to read.
  if (!loading && shown.length === 0) return <Typography.Paragraph>尚无推荐方案：场次截止投标并运行撮合后出现</Typography.Paragraph>;
  return (
    <Table<Proposal>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={shown}
      pagination={false}
      locale={{ emptyText: '尚无推荐方案：场次截止投标并运行撮合后出现' }}
      rowClassName={(p) => (p.assigned ? 'row-assigned' : '')}
      scroll={{ x: 800 }}
      columns={[
        { title: '排名', dataIndex: 'rank', width: 60 },
        {
          title: '社会组织',
          render: (_: unknown, p) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/organizations/${p.organization.id}`}>{p.organization.name}</Link>
              <Typography.Text type="secondary">
                {GRADE[p.organization.grade]} · {p.organization.district}
              </Typography.Text>
              {p.assigned && <ColorTag tone="red">最优分配</ColorTag>}
            </Space>
          ),
        },
        { title: '评分构成', render: (_: unknown, p) => <ScoreBars breakdown={p.breakdown} score={p.score} /> },
        { title: '报价', render: (_: unknown, p) => (p.bid ? yuan(p.bid.price) : '按服务目录') },
        {
          title: '状态',
          render: (_: unknown, p) => (
            <Space orientation="vertical" size={0}>
              <StatusTag map={PROPOSAL_STATUS} value={p.status} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                社区{p.communityAccepted ? '已确认' : '未确认'} · 组织{p.organizationAccepted ? '已确认' : '未确认'}
              </Typography.Text>
              {p.statusReason && <Typography.Text type="secondary">{p.statusReason}</Typography.Text>}
              {p.contract && <Link to={`/contracts/${p.contract.id}`}>合同 {p.contract.number}</Link>}
            </Space>
          ),
        },
        ...(canDecide
          ? [
              {
                title: '操作',
                render: (_: unknown, p: Proposal) =>
                  (p.status === 'PROPOSED' || p.status === 'ACCEPTED') && !p.communityAccepted ? (
                    <Space>
                      <Button
                        type="primary"
                        size="small"
                        loading={accepting.loading}
                        onClick={() => act('accept', p)}
                        aria-label={`接受 ${p.organization.name}`}
                      >
                        接受
                      </Button>
                      <Button size="small" loading={declining.loading} onClick={() => act('decline', p)} aria-label={`婉拒 ${p.organization.name}`}>
                        婉拒
                      </Button>
                    </Space>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}
