import { useQuery } from '@apollo/client/react';
import { Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { FairnessReportDocument, type EvaluationGrade, type OrganizationForm, type ShareStatFieldsFragment } from '../gql/graphql';
import { count, dateTime } from '../lib/format';
import { FORM, GRADE } from '../lib/labels';
import { EmptyState, ErrorState, Loading } from '../lib/states';
import { percent } from './format';
import type { InsightSession } from './types';

const GROUP_LABEL = {
  form: (key: string) => FORM[key as OrganizationForm] ?? '未知',
  grade: (key: string) => GRADE[key as EvaluationGrade] ?? '未知',
  district: (key: string) => key,
};

/** The fairness report of a succeeded run: the headline figures, then the splits by form, grade and district. */
export default function FairnessTab({ sessions }: { sessions: InsightSession[] }) {
  // Every succeeded run of the fair, the latest first.
  const runs = sessions
    .flatMap((s) => s.runs.filter((r) => r.status === 'SUCCEEDED').map((r) => ({ run: r, session: s })))
    .sort((a, b) => (b.run.finishedAt ?? '').localeCompare(a.run.finishedAt ?? ''));
  const [chosen, setRunId] = useState<string | null>(null);
  // The latest run until the organizer picks another (also when the first run finishes while the tab is open).
  const runId = chosen ?? runs[0]?.run.id ?? null;
  if (runs.length === 0) return <EmptyState text="还没有完成的撮合：运行撮合后在这里查看公平性报告" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <label>
        撮合批次{' '}
        <Select
          aria-label="撮合批次"
          style={{ minWidth: 360 }}
          value={runId}
          onChange={setRunId}
          options={runs.map(({ run, session }) => ({ value: run.id, label: `${session.title} · ${dateTime(run.finishedAt)}` }))}
        />
      </label>
      {runId && <Report runId={runId} />}
    </Space>
  );
}

function Report({ runId }: { runId: string }) {
  const { data, loading, error, refetch } = useQuery(FairnessReportDocument, { variables: { runId } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const r = data?.fairnessReport;
  if (!r) return <EmptyState text="没有该撮合的报告" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="总体">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title="上桌需求" value={count(r.needs)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="分配需求" value={count(r.assigned)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="覆盖率" value={percent(r.coverage)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="赫芬达尔指数（HHI）" value={r.hhi.toFixed(4)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="新组织中标占比" value={percent(r.newcomerShare)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="新组织供给占比" value={percent(r.newcomerSupplyShare)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="未评估组织中标占比" value={percent(r.unratedShare)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="前十名组织中标占比" value={percent(r.top10Share)} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          新组织：撮合时从未被评价过的组织。供给占比按可承接的（需求，组织）配对计算。HHI 为 1 表示全部需求由一家组织承接，n 家平分时为 1/n。
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ShareTable title="按组织形式" caption="按组织形式" rows={r.byForm} label={GROUP_LABEL.form} supply="可承接配对" />
        </Col>
        <Col xs={24} lg={12}>
          <ShareTable title="按评估等级" caption="按评估等级" rows={r.byGrade} label={GROUP_LABEL.grade} supply="可承接配对" />
        </Col>
        <Col xs={24}>
          <ShareTable title="按需求所在区" caption="按需求所在区" rows={r.byDistrict} label={GROUP_LABEL.district} supply="有候选的需求" />
        </Col>
      </Row>
    </Space>
  );
}

function ShareTable({
  title,
  caption,
  rows,
  label,
  supply,
}: {
  title: string;
  caption: string;
  rows: ShareStatFieldsFragment[];
  label(key: string): string;
  supply: string;
}) {
  return (
    <Card size="small" title={title}>
      <Table<ShareStatFieldsFragment>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        aria-label={caption}
        locale={{ emptyText: '没有数据' }}
        columns={[
          { title: '类别', dataIndex: 'key', render: (k: string) => label(k) },
          { title: '中标需求', dataIndex: 'assigned', align: 'right', render: (n: number) => count(n) },
          { title: '中标占比', dataIndex: 'share', align: 'right', render: (x: number) => percent(x) },
          { title: supply, dataIndex: 'eligibleSupply', align: 'right', render: (n: number) => count(n) },
          { title: '供给占比', dataIndex: 'supplyShare', align: 'right', render: (x: number) => percent(x) },
        ]}
      />
    </Card>
  );
}
