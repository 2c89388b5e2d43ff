import { useQuery } from '@apollo/client/react';
import { App, Button, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { RecommendedNeedsDocument, type RecommendedNeedsQuery } from '../gql/graphql';
import { date, yuan } from '../lib/format';
import { DOMAIN } from '../lib/labels';
import { ScoreBars } from '../lib/ScoreBars';
import { ErrorState } from '../lib/states';
import { BidModal } from './BidModal';

type Row = RecommendedNeedsQuery['recommendedNeeds'][number];

export default function Recommended() {
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(RecommendedNeedsDocument, { variables: { first: 30 } });
  const [bidOn, setBidOn] = useState<Row['need'] | null>(null);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        推荐需求
      </Typography.Title>
      <Typography.Paragraph type="secondary">本机构可以承接的开放需求，按与撮合相同的评分从高到低排列。</Typography.Paragraph>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={data?.recommendedNeeds ?? []}
          pagination={false}
          locale={{ emptyText: '暂无可承接的需求：完善服务目录，或等待新需求发布' }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '需求',
              render: (_: unknown, r) => (
                <>
                  <Link to={`/needs/${r.need.id}`}>{r.need.title}</Link>
                  <br />
                  <Typography.Text type="secondary">
                    {r.need.community.district} · {r.need.community.name} · {DOMAIN[r.need.domain]}
                  </Typography.Text>
                </>
              ),
            },
            { title: '预算', render: (_: unknown, r) => yuan(r.need.budget) },
            { title: '服务期', render: (_: unknown, r) => `${date(r.need.startsOn)} – ${date(r.need.endsOn)}` },
            { title: '匹配评分', render: (_: unknown, r) => <ScoreBars breakdown={r.breakdown} score={r.score} /> },
            {
              title: '操作',
              render: (_: unknown, r) => (
                <Button type="primary" onClick={() => setBidOn(r.need)} aria-label={`投标 ${r.need.title}`}>
                  投标
                </Button>
              ),
            },
          ]}
        />
      )}
      {bidOn && (
        <BidModal
          need={bidOn}
          open
          onClose={() => setBidOn(null)}
          onDone={() => {
            setBidOn(null);
            message.success('投标已提交，可在“我的投标”查看');
            void refetch();
          }}
        />
      )}
    </>
  );
}
