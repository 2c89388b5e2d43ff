import { useQuery, useSubscription } from '@apollo/client/react';
import { Card, Col, Row, Space, Statistic, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAuth } from '../app/auth';
import { useNow } from '../bids/MyBids';
import { SessionEventsDocument, SessionViewDocument, type SessionEventsSubscription, type SessionViewQuery } from '../gql/graphql';
import { countdown, dateTime, time, yuan } from '../lib/format';
import { DOMAIN, NEED_STATUS, SESSION_STATUS, ZONE } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';
import { supportText } from '../governance/labels';
import { StatusTag } from '../lib/StatusTag';

type Event = SessionEventsSubscription['sessionEvents'];
type Need = NonNullable<SessionViewQuery['session']>['needs'][number];

const EVENT_TEXT: Record<Event['type'], string> = {
  BID_SUBMITTED: '新增投标',
  BID_WITHDRAWN: '撤回投标',
  RUN_PROGRESS: '撮合进行中',
  RUN_FINISHED: '撮合完成',
  PROPOSAL_ACCEPTED: '推荐方案获确认',
  PROPOSAL_DECLINED: '推荐方案被婉拒',
  CONTRACT_CREATED: '生成合同',
  CONTRACT_SIGNED: '合同签署',
  SESSION_STATUS_CHANGED: '场次状态变化',
  COMPLAINT_FILED: '收到质疑',
  COMPLAINT_WITHDRAWN: '质疑撤回',
  COMPLAINT_RESOLVED: '质疑已处理',
};

/** A session as it happens: the needs on the table, the deadline, and the events this viewer may see. */
export default function SessionLive() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const now = useNow();
  const { data, loading, error, refetch } = useQuery(SessionViewDocument, { variables: { id } });
  const [events, setEvents] = useState<Event[]>([]);
  useSubscription(SessionEventsDocument, {
    variables: { sessionId: id },
    skip: !me,
    onData: ({ data: d }) => {
      const e = d.data?.sessionEvents;
      if (!e || e.type === 'RUN_PROGRESS') return;
      setEvents((list) => [e, ...list].slice(0, 50));
      if (e.type === 'SESSION_STATUS_CHANGED' || e.type === 'RUN_FINISHED') void refetch();
    },
  });
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const session = data?.session;
  if (!session) return <NotFound what="场次" />;
  const left = session.status === 'OPEN' ? countdown(session.bidDeadline, now) : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {session.title} <StatusTag map={SESSION_STATUS} value={session.status} />
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {session.fair.name} · {ZONE[session.zone]} · 投标截止 {dateTime(session.bidDeadline)}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title="距截止" value={left ?? '已截止'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="上桌需求" value={session.needs.length} />
        </Col>
        <Col xs={24} md={12}>
          <Statistic title="预算合计" value={yuan(session.needs.reduce((s, n) => s + Number(n.budget), 0))} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card title="上桌需求" size="small">
            <Table<Need>
              rowKey="id"
              size="small"
              dataSource={session.needs}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              locale={{ emptyText: '本场次没有需求' }}
              columns={[
                { title: '项目', render: (_: unknown, n) => <Link to={`/needs/${n.id}`}>{n.title}</Link> },
                { title: '社区', render: (_: unknown, n) => `${n.community.district} · ${n.community.name}` },
                { title: '领域', render: (_: unknown, n) => DOMAIN[n.domain] },
                { title: '预算', align: 'right', render: (_: unknown, n) => yuan(n.budget) },
                { title: '状态', render: (_: unknown, n) => <StatusTag map={NEED_STATUS} value={n.status} /> },
                { title: '群众评议支持率', align: 'right', render: (_: unknown, n) => supportText(n.residentReview?.support) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="实时动态" size="small">
            {!me ? (
              <Typography.Paragraph>登录后查看本场次的实时动态；公开动态见洽谈会大屏。</Typography.Paragraph>
            ) : events.length === 0 ? (
              <Typography.Paragraph type="secondary">等待场次动态…</Typography.Paragraph>
            ) : (
              <div aria-live="polite">
                <Timeline
                  items={events.map((e, i) => ({
                    key: `${e.at}-${i}`,
                    title: time(e.at),
                    content: `${EVENT_TEXT[e.type]}${e.bid ? `：${e.bid.need.title}（${e.bid.organization.name}，${yuan(e.bid.price)}）` : ''}${e.run ? `：分配 ${e.run.assignedCount} 个需求` : ''}${e.contract ? `：${e.contract.number}` : ''}`,
                  }))}
                />
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
