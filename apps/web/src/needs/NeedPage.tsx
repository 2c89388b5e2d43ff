import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Steps, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasRole, useAuth } from '../app/auth';
import { BidModal } from '../bids/BidModal';
import { NeedDocument, PublishNeedDocument, WithdrawNeedDocument, type NeedQuery, type NeedStatus } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { date, dateTime, yuan } from '../lib/format';
import { BID_STATUS, DOMAIN, FUNDING, GRADE, NEED_STATUS, SESSION_STATUS } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';
import { AuditTrail } from '../fairs/AuditTrail';
import { NeedGovernance } from '../governance/NeedGovernance';
import { NeedProposals } from './NeedProposals';

const STEP_OF: Record<NeedStatus, number> = { DRAFT: 0, PUBLISHED: 1, MATCHED: 2, CONTRACTED: 3, CLOSED: 4, WITHDRAWN: 1 };

type Need = NonNullable<NeedQuery['need']>;

export default function NeedPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(NeedDocument, { variables: { id } });
  const [publish, publishing] = useMutation(PublishNeedDocument);
  const [withdraw, withdrawing] = useMutation(WithdrawNeedDocument);
  const [bidding, setBidding] = useState(false);

  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const need = data?.need;
  if (!need) return <NotFound what="需求" />;
  const mine = !!me?.community && me.community.id === need.community.id;
  const seesProposals = mine || hasRole(me, 'ORGANIZER', 'ADMIN');
  // What the api allows (updateNeed): DRAFT or PUBLISHED, and no session taking or weighing bids on it.
  const onTable = need.sessions.some((s) => s.status !== 'CLOSED');
  const editable = mine && (need.status === 'DRAFT' || need.status === 'PUBLISHED') && !onTable;

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      await refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {need.title}
        </Typography.Title>
        <StatusTag map={NEED_STATUS} value={need.status} />
      </Space>
      <Space wrap>
        {mine && need.status === 'DRAFT' && (
          <Button type="primary" loading={publishing.loading} onClick={() => run(() => publish({ variables: { id: need.id } }), '需求已发布')}>
            发布
          </Button>
        )}
        {editable && (
          <Link to={`/needs/${need.id}/edit`}>
            <Button>编辑</Button>
          </Link>
        )}
        {mine && (need.status === 'DRAFT' || need.status === 'PUBLISHED') && (
          <Popconfirm
            title="撤回后该需求不再公开，确定撤回？"
            okText="撤回"
            cancelText="取消"
            onConfirm={() => run(() => withdraw({ variables: { id: need.id } }), '需求已撤回')}
          >
            <Button danger loading={withdrawing.loading}>
              撤回
            </Button>
          </Popconfirm>
        )}
        {hasRole(me, 'ORGANIZATION') && need.status === 'PUBLISHED' && (
          <Button type="primary" onClick={() => setBidding(true)}>
            投标
          </Button>
        )}
      </Space>
      <Card title="项目进展">
        <Steps
          current={STEP_OF[need.status]}
          status={need.status === 'WITHDRAWN' ? 'error' : undefined}
          items={[
            { title: '起草', content: date(need.createdAt.slice(0, 10)) },
            { title: need.status === 'WITHDRAWN' ? '已撤回' : '发布', content: need.fair ? `参加「${need.fair.name}」` : '公开征集' },
            { title: '撮合', content: '截止投标后运行撮合，推荐方案' },
            { title: '签约', content: '双方确认推荐方案后生成合同' },
            { title: '结束', content: '服务完成并评价' },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card title="需求详情">
            <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
              <Descriptions.Item label="服务领域">{DOMAIN[need.domain]}</Descriptions.Item>
              <Descriptions.Item label="社区">
                {need.community.district} · {need.community.street} · {need.community.name}
              </Descriptions.Item>
              <Descriptions.Item label="预算">{yuan(need.budget, 2)}</Descriptions.Item>
              <Descriptions.Item label="资金来源">{FUNDING[need.fundingSource]}</Descriptions.Item>
              <Descriptions.Item label="服务对象">{need.beneficiaries.toLocaleString('zh-CN')}人</Descriptions.Item>
              <Descriptions.Item label="最低评估等级">{GRADE[need.minGrade]}</Descriptions.Item>
              <Descriptions.Item label="服务期">
                {date(need.startsOn)} 至 {date(need.endsOn)}
              </Descriptions.Item>
              <Descriptions.Item label="发布时间">{dateTime(need.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="洽谈场次" span={2}>
                {need.sessions.length === 0
                  ? '尚未上桌'
                  : need.sessions.map((s) => (
                      <div key={s.id}>
                        <Link to={`/sessions/${s.id}`} style={{ textDecoration: 'underline' }}>
                          {s.title}
                        </Link>{' '}
                        · <StatusTag map={SESSION_STATUS} value={s.status} /> 截止 {dateTime(s.bidDeadline)}
                      </div>
                    ))}
              </Descriptions.Item>
              <Descriptions.Item label="项目简介" span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{need.description}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="投标">
            <BidsBox need={need} viewerIsOrganization={hasRole(me, 'ORGANIZATION')} signedIn={!!me} audited={hasRole(me, 'ORGANIZER', 'ADMIN')} />
          </Card>
        </Col>
      </Row>
      <NeedGovernance needId={need.id} onChanged={() => void refetch()} />
      {seesProposals && (
        <Card title="推荐方案">
          <NeedProposals needId={need.id} canDecide={mine} />
        </Card>
      )}
      {hasRole(me, 'ORGANIZATION') && (
        <BidModal
          need={need}
          open={bidding}
          onClose={() => setBidding(false)}
          onDone={() => {
            setBidding(false);
            message.success('投标已提交');
            void refetch();
          }}
        />
      )}
    </Space>
  );
}

function BidsBox({ need, viewerIsOrganization, signedIn, audited }: { need: Need; viewerIsOrganization: boolean; signedIn: boolean; audited: boolean }) {
  const [auditOf, setAuditOf] = useState<string | null>(null);
  if (!signedIn) return <Typography.Paragraph>截止投标前不公开投标人和报价。登录后，社区和民政部门可查看本需求的全部投标。</Typography.Paragraph>;
  if (need.bids.length === 0) return <Typography.Paragraph>{viewerIsOrganization ? '本机构尚未对该需求投标。' : '暂无投标。'}</Typography.Paragraph>;
  return (
    <>
      <Typography.Paragraph>{viewerIsOrganization ? '本机构的投标：' : `共 ${need.bids.length} 份投标`}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={need.bids}
        columns={[
          { title: '机构', render: (_: unknown, b: Need['bids'][number]) => <Link to={`/organizations/${b.organization.id}`}>{b.organization.name}</Link> },
          { title: '报价', dataIndex: 'price', render: (p: string) => yuan(p) },
          { title: '状态', dataIndex: 'status', render: (s: Need['bids'][number]['status']) => <StatusTag map={BID_STATUS} value={s} /> },
          ...(audited
            ? [
                {
                  title: '审计',
                  render: (_: unknown, b: Need['bids'][number]) => (
                    <Button size="small" aria-label={`${b.organization.name} 投标的记录`} onClick={() => setAuditOf(auditOf === b.id ? null : b.id)}>
                      {auditOf === b.id ? '收起' : '记录'}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        expandable={
          audited
            ? { showExpandColumn: false, expandedRowKeys: auditOf ? [auditOf] : [], expandedRowRender: (b) => <AuditTrail entityType="BID" entityId={b.id} /> }
            : undefined
        }
      />
    </>
  );
}
