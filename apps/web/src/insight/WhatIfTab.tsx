import { useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Col, Row, Select, Slider, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { DEFAULT_WEIGHTS } from '../fairs/RunPanel';
import { WhatIfDocument, type WhatIfMutation } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { count } from '../lib/format';
import { SCORE_COMPONENT, SESSION_STATUS } from '../lib/labels';
import { EmptyState } from '../lib/states';
import { percent } from './format';
import type { InsightSession } from './types';

type Weights = typeof DEFAULT_WEIGHTS;
type Component = keyof Weights;
type Result = WhatIfMutation['whatIf'][number];
const COMPONENTS = Object.keys(SCORE_COMPONENT) as Component[];
/** The engine solves at most five weightings per comparison. */
const MAX_SETS = 5;

const METRICS: Array<{ key: string; title: string; render(r: Result): string }> = [
  { key: 'assigned', title: '分配需求', render: (r) => count(r.assigned) },
  { key: 'coverage', title: '覆盖率', render: (r) => percent(r.coverage) },
  { key: 'totalScore', title: '总分', render: (r) => r.totalScore.toFixed(2) },
  { key: 'newcomerShare', title: '新组织中标占比', render: (r) => percent(r.newcomerShare) },
  { key: 'top10Share', title: '前十名组织中标占比', render: (r) => percent(r.top10Share) },
  { key: 'changedVsFirst', title: '与方案 1 相比易手的需求', render: (r) => count(r.changedVsFirst) },
];

/** What-if: up to five weightings solved exactly on the session's current data, compared side by side; nothing is stored. */
export default function WhatIfTab({ sessions }: { sessions: InsightSession[] }) {
  const [chosen, setSessionId] = useState<string | null>(null);
  const sessionId = chosen ?? sessions[0]?.id ?? null;
  const [sets, setSets] = useState<Weights[]>([{ ...DEFAULT_WEIGHTS }]);
  const [results, setResults] = useState<{ sets: Weights[]; rows: Result[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [whatIf, { loading }] = useMutation(WhatIfDocument);
  if (sessions.length === 0) return <EmptyState text="还没有场次：开设场次后可以模拟不同权重的撮合结果" />;

  async function compare() {
    if (!sessionId) return;
    setFailure(null);
    try {
      const { data } = await whatIf({ variables: { sessionId, weightSets: sets } });
      if (data) setResults({ sets, rows: data.whatIf });
    } catch (e) {
      setFailure(errorMessage(e));
    }
  }

  const setWeight = (i: number, k: Component, v: number) => setSets(sets.map((s, j) => (j === i ? { ...s, [k]: v } : s)));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        每个权重方案都由与正式撮合相同的算法在本场次当前的需求、组织和投标上精确求解，不会生成推荐方案，也不影响正式撮合。
      </Typography.Paragraph>
      <label>
        场次{' '}
        <Select
          aria-label="模拟场次"
          style={{ minWidth: 320 }}
          value={sessionId}
          onChange={(v) => {
            setSessionId(v);
            setResults(null);
          }}
          options={sessions.map((s) => ({ value: s.id, label: `${s.title}（${SESSION_STATUS[s.status].text}）` }))}
        />
      </label>
      <Row gutter={[16, 16]}>
        {sets.map((set, i) => (
          <Col xs={24} md={12} xl={8} key={i}>
            <Card
              size="small"
              title={`方案 ${i + 1}`}
              extra={
                sets.length > 1 && (
                  <Button size="small" onClick={() => setSets(sets.filter((_, j) => j !== i))} aria-label={`删除方案 ${i + 1}`}>
                    删除
                  </Button>
                )
              }
            >
              {COMPONENTS.map((k) => (
                <div key={k}>
                  <Typography.Text id={`whatif-${i}-${k}`}>
                    {SCORE_COMPONENT[k]} {set[k].toFixed(2)}
                  </Typography.Text>
                  <Slider
                    min={0}
                    max={1}
                    step={0.05}
                    value={set[k]}
                    onChange={(v: number) => setWeight(i, k, v)}
                    ariaLabelForHandle={`方案 ${i + 1} ${SCORE_COMPONENT[k]}权重`}
                  />
                </div>
              ))}
            </Card>
          </Col>
        ))}
      </Row>
      <Space wrap>
        <Button onClick={() => setSets([...sets, { ...sets[sets.length - 1] }])} disabled={sets.length >= MAX_SETS}>
          添加权重方案
        </Button>
        <Button type="primary" onClick={compare} loading={loading} disabled={!sessionId}>
          比较方案
        </Button>
        <Typography.Text type="secondary">最多 {MAX_SETS} 个方案</Typography.Text>
      </Space>
      {failure && <Alert type="error" showIcon role="alert" title={failure} />}
      {results && <Comparison sets={results.sets} rows={results.rows} />}
    </Space>
  );
}

function Comparison({ sets, rows }: { sets: Weights[]; rows: Result[] }) {
  const data = [
    ...COMPONENTS.map((k) => ({ key: `w-${k}`, title: `${SCORE_COMPONENT[k]}权重`, values: sets.map((s) => s[k].toFixed(2)) })),
    ...METRICS.map((m) => ({ key: m.key, title: m.title, values: rows.map((r) => m.render(r)) })),
  ];
  return (
    <Card size="small" title="方案对比">
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        aria-label="权重方案对比"
        dataSource={data}
        scroll={{ x: 600 }}
        columns={[
          { title: '指标', dataIndex: 'title' },
          ...rows.map((_, i) => ({
            title: `方案 ${i + 1}`,
            key: `set-${i}`,
            align: 'right' as const,
            render: (_: unknown, row: (typeof data)[number]) => row.values[i],
          })),
        ]}
      />
    </Card>
  );
}
