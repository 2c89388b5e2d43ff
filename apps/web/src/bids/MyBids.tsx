import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Popconfirm, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { MyBidsDocument, WithdrawBidDocument, type MyBidsQuery } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { countdown, dateTime, yuan } from '../lib/format';
import { BID_STATUS } from '../lib/labels';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

type Row = MyBidsQuery['myBids'][number];

/** Re-renders every second while mounted: the countdowns tick. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export default function MyBids() {
  const { message } = App.useApp();
  const now = useNow();
  const { data, loading, error, refetch } = useQuery(MyBidsDocument, { variables: { first: 100 } });
  const [withdraw] = useMutation(WithdrawBidDocument);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        我的投标
      </Typography.Title>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={data?.myBids ?? []}
          pagination={false}
          locale={{ emptyText: '还没有投标，去“推荐需求”看看' }}
          scroll={{ x: 900 }}
          columns={[
            { title: '需求', render: (_: unknown, b) => <Link to={`/needs/${b.need.id}`}>{b.need.title}</Link> },
            { title: '社区', render: (_: unknown, b) => `${b.need.community.district} · ${b.need.community.name}` },
            { title: '报价 / 预算', render: (_: unknown, b) => `${yuan(b.price)} / ${yuan(b.need.budget)}` },
            { title: '投标时间', dataIndex: 'submittedAt', render: (t: string) => dateTime(t) },
            {
              title: '场次 · 截止',
              render: (_: unknown, b) =>
                b.session ? (
                  <>
                    <Link to={`/sessions/${b.session.id}`}>{b.session.title}</Link>
                    <br />
                    {b.session.status === 'OPEN' && countdown(b.session.bidDeadline, now) ? (
                      <Typography.Text type="warning" aria-live="off">
                        距截止 {countdown(b.session.bidDeadline, now)}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">已截止</Typography.Text>
                    )}
                  </>
                ) : (
                  '—'
                ),
            },
            { title: '状态', dataIndex: 'status', render: (s: Row['status']) => <StatusTag map={BID_STATUS} value={s} /> },
            {
              title: '操作',
              render: (_: unknown, b) =>
                b.status === 'SUBMITTED' && b.session?.status === 'OPEN' && countdown(b.session.bidDeadline, now) ? (
                  <Popconfirm
                    title="撤回后可在截止前重新投标。确定撤回？"
                    okText="撤回"
                    cancelText="取消"
                    onConfirm={async () => {
                      try {
                        await withdraw({ variables: { id: b.id } });
                        message.success('投标已撤回');
                        await refetch();
                      } catch (e) {
                        message.error(errorMessage(e));
                      }
                    }}
                  >
                    <Button size="small" danger>
                      撤回
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
