import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, InputNumber, Progress, Row, Slider, Space, Statistic, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { MatchRunProgressDocument, RunMatchingDocument, SessionEventsDocument, type RunFieldsFragment } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { RUN_STATUS, SCORE_COMPONENT } from '../lib/labels';
import { StatusTag } from '../lib/StatusTag';

type Weights = Record<keyof typeof SCORE_COMPONENT, number>;
/** The engine's documented defaults (README: Matching). */
export const DEFAULT_WEIGHTS: Weights = { domain: 0.25, distance: 0.2, grade: 0.15, price: 0.15, performance: 0.15, capacity: 0.1 };

/** Run matching with chosen weights and watch its progress live (session events, with the run's record as fallback). */
export function RunPanel({
  sessionId,
  latestRun,
  canRun,
  onFinished,
}: {
  sessionId: string;
  latestRun: RunFieldsFragment | null;
  canRun: boolean;
  onFinished(): void;
}) {
  const { message } = App.useApp();
  const [weights, setWeights] = useState<Weights>(DEFAULT_WEIGHTS);
  const [topK, setTopK] = useState(10);
  const [runMatching, { loading }] = useMutation(RunMatchingDocument);
  const [runId, setRunId] = useState<string | null>(latestRun?.id ?? null);
  // The run's record, kept fresh by the session's live events (same cache entry) and by polling while it runs.
  const polled = useQuery(MatchRunProgressDocument, { variables: { id: runId ?? '' }, skip: !runId });
  const current = polled.data?.matchRun ?? latestRun;
  const live = !!current && (current.status === 'QUEUED' || current.status === 'RUNNING');
  const { startPolling, stopPolling } = polled;
  useEffect(() => {
    if (live) startPolling(1000);
    else stopPolling();
  }, [live, startPolling, stopPolling]);
  // Tell the console once per run when it ends, even when it ended before the first poll saw it running
  // (a small session's run can go from QUEUED to SUCCEEDED within one round trip).
  const announced = useRef<string | null>(latestRun && !live ? latestRun.id : null);
  useEffect(() => {
    if (!current || !runId || current.id !== runId || live || announced.current === runId) return;
    announced.current = runId;
    onFinished();
  }, [current, runId, live, onFinished]);
  useSubscription(SessionEventsDocument, {
    variables: { sessionId },
    onData: ({ data }) => {
      const event = data.data?.sessionEvents;
      if (event?.run && event.type === 'RUN_FINISHED' && event.run.id === runId) void polled.refetch();
    },
  });

  async function start() {
    try {
      const { data } = await runMatching({ variables: { sessionId, weights, topK } });
      if (data) setRunId(data.runMatching.id);
      message.info('撮合已开始');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Card title="运行撮合" size="small">
      <Row gutter={[24, 8]}>
        {(Object.keys(SCORE_COMPONENT) as (keyof Weights)[]).map((k) => (
          <Col xs={24} md={12} lg={8} key={k}>
            <Typography.Text id={`w-${k}`}>
              {SCORE_COMPONENT[k]}权重 {weights[k].toFixed(2)}
            </Typography.Text>
            <Slider
              min={0}
              max={1}
              step={0.05}
              value={weights[k]}
              onChange={(v: number) => setWeights({ ...weights, [k]: v })}
              ariaLabelledByForHandle={`w-${k}`}
              disabled={!canRun}
            />
          </Col>
        ))}
      </Row>
      <Space wrap style={{ marginBottom: 16 }}>
        <label>
          每个需求保留候选数{' '}
          <InputNumber aria-label="每个需求保留候选数" min={1} max={100} value={topK} onChange={(v) => setTopK(Number(v ?? 10))} disabled={!canRun} />
        </label>
        <Button onClick={() => setWeights(DEFAULT_WEIGHTS)} disabled={!canRun}>
          恢复默认权重
        </Button>
        <Button type="primary" onClick={start} loading={loading} disabled={!canRun || !!live}>
          开始撮合
        </Button>
      </Space>
      {!canRun && <Alert type="info" showIcon title="截止投标后才能运行撮合。" style={{ marginBottom: 12 }} />}
      {current && (
        <div aria-live="polite">
          <Space wrap align="center">
            <StatusTag map={RUN_STATUS} value={current.status} />
            <Progress
              percent={Math.round(current.progress * 100)}
              style={{ width: 260 }}
              status={current.status === 'FAILED' ? 'exception' : current.status === 'SUCCEEDED' ? 'success' : 'active'}
              aria-label="撮合进度"
            />
          </Space>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={6}>
              <Statistic title="评分配对" value={current.pairsScored} />
            </Col>
            <Col span={6}>
              <Statistic title="推荐方案" value={current.proposalsCreated} />
            </Col>
            <Col span={6}>
              <Statistic title="分配需求" value={current.assignedCount} />
            </Col>
            <Col span={6}>
              <Statistic title="总分" value={current.totalScore.toFixed(2)} />
            </Col>
          </Row>
          {current.error && <Alert type="error" title={current.error} />}
        </div>
      )}
    </Card>
  );
}
