import { ColorTag } from '../lib/ColorTag';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import ContractTable from '../contracts/ContractTable';
import OrganizationList from '../directory/OrganizationList';
import {
  CloseBiddingDocument,
  FairConsoleDocument,
  FairPublishedNeedsDocument,
  OpenSessionDocument,
  RunProposalsDocument,
  type FairConsoleQuery,
  type FairZone,
  type RunProposalsQuery,
} from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { dateTime, yuan } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { DOMAIN, GRADE, PROPOSAL_STATUS, SESSION_STATUS, ZONE, options } from '../lib/labels';
import { ScoreBars } from '../lib/ScoreBars';
import { ErrorState, Loading, NotFound } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';
import { FairExportButtons, SessionResultsButton } from '../insight/ExportButtons';
import { AuditTrail, ENTITY_TYPES } from './AuditTrail';
import { RunPanel } from './RunPanel';

// The insight tabs (and ECharts) load only when opened.
const FairnessTab = lazy(() => import('../insight/FairnessTab'));
const GapMapTab = lazy(() => import('../insight/GapMapTab'));
const WhatIfTab = lazy(() => import('../insight/WhatIfTab'));

type Fair = NonNullable<FairConsoleQuery['fair']>;
type Session = Fair['sessions'][number];

/**
 * The organizer's console for one fair, one tab per job: sessions and runs, the fairness
 * report, the gap map, what-if weightings, grades, audit, contracts; and the exports.
 */
export default function FairConsole() {
  const { fairId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(FairConsoleDocument, { variables: { id: fairId } });
  const tab = params.get('tab') ?? 'sessions';
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const fair = data?.fair;
  if (!fair) return <NotFound what="洽谈会" />;
  const s = fair.stats;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {fair.name}
        </Typography.Title>
        <Space wrap>
          <Link to={`/screen/${fair.id}`}>打开大屏</Link>
          <Link to={`/open-data/${fair.id}`}>开放数据</Link>
          <FairExportButtons fairId={fair.id} />
        </Space>
      </Space>
      <Card size="small">
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Statistic title="发布项目" value={s.needsListed} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="参与组织" value={s.organizationsParticipating} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="投标" value={s.bidsSubmitted} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="推荐方案" value={s.proposals} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="签约" value={s.contractsSigned} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="签约金额" value={yuan(s.amountSigned)} />
          </Col>
        </Row>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'sessions', label: '场次与撮合', children: <SessionsTab fair={fair} refetch={() => void refetch()} /> },
          { key: 'fairness', label: '公平性报告', children: <Lazy>{<FairnessTab sessions={fair.sessions} />}</Lazy> },
          { key: 'gaps', label: '需求缺口', children: <Lazy>{<GapMapTab fairId={fair.id} />}</Lazy> },
          { key: 'whatif', label: '模拟撮合', children: <Lazy>{<WhatIfTab sessions={fair.sessions} />}</Lazy> },
          { key: 'grades', label: '评估等级', children: <GradesTab /> },
          { key: 'audit', label: '审计记录', children: <AuditTab /> },
          { key: 'contracts', label: '合同', children: <ContractTable filter={{ fairId: fair.id }} audited /> },
        ]}
      />
    </Space>
  );
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function SessionsTab({ fair, refetch }: { fair: Fair; refetch(): void }) {
  const [selectedId, setSelectedId] = useState<string | null>(fair.sessions[0]?.id ?? null);
  const selected = fair.sessions.find((x) => x.id === selectedId) ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Table<Session>
        rowKey="id"
        size="small"
        dataSource={fair.sessions}
        pagination={false}
        locale={{ emptyText: '还没有场次，在下方开设' }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selectedId ? [selectedId] : [],
          onChange: (keys) => setSelectedId(String(keys[0])),
          columnTitle: '选择',
        }}
        onRow={(r) => ({ onClick: () => setSelectedId(r.id) })}
        columns={[
          { title: '场次', dataIndex: 'title' },
          { title: '展区', dataIndex: 'zone', render: (z: FairZone) => ZONE[z] },
          { title: '状态', dataIndex: 'status', render: (st: Session['status']) => <StatusTag map={SESSION_STATUS} value={st} /> },
          { title: '投标截止', dataIndex: 'bidDeadline', render: (t: string) => dateTime(t) },
          { title: '撮合次数', render: (_: unknown, x) => x.runs.length },
        ]}
      />
      {selected && <SessionPanel key={selected.id} session={selected} refetch={refetch} />}
      <OpenSessionCard
        fairId={fair.id}
        onOpened={(id) => {
          setSelectedId(id);
          refetch();
        }}
      />
    </Space>
  );
}

function SessionPanel({ session, refetch }: { session: Session; refetch(): void }) {
  const { message } = App.useApp();
  const [closeBidding, closing] = useMutation(CloseBiddingDocument);
  const latestRun = session.runs[0] ?? null;
  const onFinished = useCallback(() => refetch(), [refetch]);
  return (
    <Card
      title={
        <Space>
          {session.title}
          <StatusTag map={SESSION_STATUS} value={session.status} />
        </Space>
      }
      extra={<Link to={`/sessions/${session.id}`}>实时场次</Link>}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {session.status === 'OPEN' && (
          <Popconfirm
            title="截止投标后组织不能再投标或撤回，确定截止？"
            okText="截止投标"
            cancelText="取消"
            onConfirm={async () => {
              try {
                await closeBidding({ variables: { sessionId: session.id } });
                message.success('已截止投标');
                refetch();
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
          >
            <Button danger loading={closing.loading}>
              截止投标
            </Button>
          </Popconfirm>
        )}
        <RunPanel
          sessionId={session.id}
          latestRun={latestRun}
          canRun={session.status === 'CLOSED_FOR_BIDS' || session.status === 'MATCHED'}
          onFinished={onFinished}
        />
        {session.runs.some((r) => r.status === 'SUCCEEDED') && <SessionResultsButton sessionId={session.id} />}
        {latestRun?.status === 'SUCCEEDED' && <RunProposals runId={latestRun.id} />}
      </Space>
    </Card>
  );
}

type Proposal = RunProposalsQuery['proposals'][number];

function RunProposals({ runId }: { runId: string }) {
  const [assignedOnly, setAssignedOnly] = useState(true);
  const [auditOf, setAuditOf] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(RunProposalsDocument, { variables: { runId, assignedOnly } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  return (
    <Card
      title="推荐方案"
      size="small"
      extra={
        <label>
          只看最优分配 <Switch checked={assignedOnly} onChange={setAssignedOnly} aria-label="只看最优分配" />
        </label>
      }
    >
      <Table<Proposal>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.proposals ?? []}
        rowClassName={(p) => (p.assigned ? 'row-assigned' : '')}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '本次撮合没有推荐方案' }}
        scroll={{ x: 1000 }}
        columns={[
          { title: '需求', render: (_: unknown, p) => <Link to={`/needs/${p.need.id}`}>{p.need.title}</Link> },
          { title: '社区', render: (_: unknown, p) => `${p.need.community.district} · ${p.need.community.name}` },
          { title: '领域', render: (_: unknown, p) => DOMAIN[p.need.domain] },
          {
            title: '社会组织',
            render: (_: unknown, p) => (
              <>
                <Link to={`/organizations/${p.organization.id}`}>{p.organization.name}</Link> <Tag>{GRADE[p.organization.grade]}</Tag>
                {p.assigned && <ColorTag tone="red">最优分配</ColorTag>}
              </>
            ),
          },
          { title: '得分', dataIndex: 'score', sorter: (a, b) => a.score - b.score, defaultSortOrder: 'descend', render: (x: number) => (x * 100).toFixed(1) },
          { title: '排名', dataIndex: 'rank', sorter: (a, b) => a.rank - b.rank },
          { title: '评分构成', render: (_: unknown, p) => <ScoreBars breakdown={p.breakdown} /> },
          { title: '金额', render: (_: unknown, p) => yuan(p.bid?.price ?? p.need.budget) },
          { title: '状态', render: (_: unknown, p) => <StatusTag map={PROPOSAL_STATUS} value={p.status} /> },
          {
            title: '审计',
            render: (_: unknown, p) => (
              <Button size="small" onClick={() => setAuditOf(auditOf === p.id ? null : p.id)}>
                {auditOf === p.id ? '收起' : '记录'}
              </Button>
            ),
          },
        ]}
        expandable={{
          expandedRowKeys: auditOf ? [auditOf] : [],
          expandedRowRender: (p) => <AuditTrail entityType="PROPOSAL" entityId={p.id} />,
          showExpandColumn: false,
        }}
      />
    </Card>
  );
}

function OpenSessionCard({ fairId, onOpened }: { fairId: string; onOpened(id: string): void }) {
  const [form] = Form.useForm<{
    title: string;
    zone: FairZone;
    bidDeadline: string;
    needIds?: string[];
    allNeeds: boolean;
    minResidentSupport?: number | null;
  }>();
  const [text, setText] = useState('');
  const needs = useQuery(FairPublishedNeedsDocument, { variables: { fairId, text: text || null, first: 50 } });
  const [open, opening] = useMutation(OpenSessionDocument);
  const [formError, setFormError] = useState<string | null>(null);
  const allNeeds = Form.useWatch('allNeeds', form);
  return (
    <Card title="开设场次" size="small">
      <Form
        form={form}
        layout="vertical"
        name="session"
        initialValues={{ zone: 'DISTRICT_PROJECTS', allNeeds: false }}
        onFinish={async (v) => {
          setFormError(null);
          try {
            const { data } = await open({
              variables: {
                input: {
                  fairId,
                  title: v.title.trim(),
                  zone: v.zone,
                  bidDeadline: new Date(v.bidDeadline).toISOString(),
                  needIds: v.allNeeds ? null : v.needIds,
                  minResidentSupport: v.minResidentSupport == null ? null : v.minResidentSupport / 100,
                },
              },
            });
            if (data) {
              form.resetFields();
              onOpened(data.openSession.id);
            }
          } catch (e) {
            setFormError(applyServerError(form, e));
          }
        }}
      >
        <Form.Item label="场次名称" name="title" rules={[{ required: true, message: '请输入场次名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="展区" name="zone" rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options(ZONE)} />
        </Form.Item>
        <Form.Item label="投标截止时间" name="bidDeadline" rules={[{ required: true, message: '请选择截止时间' }]} extra="北京时间">
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item label="最低群众评议支持率（%）" name="minResidentSupport" extra="填写后，只有群众评议支持率不低于该值的需求上桌；留空则不限">
          <InputNumber min={0} max={100} precision={1} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="全部已发布需求上桌" name="allNeeds" valuePropName="checked">
          <Switch />
        </Form.Item>
        {!allNeeds && (
          <Form.Item
            label="上桌需求"
            name="needIds"
            rules={[{ required: true, message: '请选择至少一个需求' }]}
            extra={`本洽谈会已发布、可上桌的需求共 ${needs.data?.needs.totalCount ?? '—'} 个；输入关键词查找`}
          >
            <Select
              mode="multiple"
              showSearch={{ filterOption: false, onSearch: setText }}
              loading={needs.loading}
              options={(needs.data?.needs.nodes ?? []).map((n) => ({
                value: n.id,
                label: `${n.title}（${n.community.district} · ${n.community.name} · ${yuan(n.budget)}）`,
              }))}
              notFoundContent={needs.loading ? '加载中' : '没有可上桌的已发布需求'}
            />
          </Form.Item>
        )}
        {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={opening.loading}>
          开设场次
        </Button>
      </Form>
    </Card>
  );
}

function GradesTab() {
  return (
    <>
      <Typography.Paragraph>在社会组织页面核定评估等级（1A–5A），等级影响撮合评分和最低等级要求。</Typography.Paragraph>
      <OrganizationList />
    </>
  );
}

function AuditTab() {
  const [query, setQuery] = useState<{ entityType: string; entityId: string } | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form
        layout="inline"
        name="audit"
        initialValues={{ entityType: 'BID' }}
        onFinish={(v: { entityType: string; entityId: string }) => setQuery({ entityType: v.entityType, entityId: v.entityId.trim() })}
      >
        <Form.Item label="记录类型" name="entityType">
          <Select options={Object.entries(ENTITY_TYPES).map(([value, label]) => ({ value, label }))} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="记录编号" name="entityId" rules={[{ required: true, message: '请输入编号' }]}>
          <Input style={{ width: 340 }} placeholder="投标、推荐方案或合同的编号（ID）" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      <Typography.Text type="secondary">也可在推荐方案、合同列表和需求页的投标列表中点“记录”查看。</Typography.Text>
      {query && <AuditTrail {...query} />}
    </Space>
  );
}
