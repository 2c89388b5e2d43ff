import { Typography } from 'antd';
import { SCORE_COMPONENT } from './labels';

type Breakdown = Record<keyof typeof SCORE_COMPONENT, number> & { distanceKm: number };

/** One bar per score component, so a worker can explain why an organization ranks where it does. */
export function ScoreBars({ breakdown, score }: { breakdown: Breakdown; score?: number }) {
  const keys = Object.keys(SCORE_COMPONENT) as (keyof typeof SCORE_COMPONENT)[];
  return (
    <div aria-label="评分构成" role="group" style={{ minWidth: 220 }}>
      {score !== undefined && <Typography.Text strong>综合得分 {(score * 100).toFixed(1)}</Typography.Text>}
      {keys.map((k) => (
        <div key={k} style={{ display: 'grid', gridTemplateColumns: '64px 1fr 36px', alignItems: 'center', gap: 6, fontSize: 12 }}>
          <span>{SCORE_COMPONENT[k]}</span>
          <div
            role="meter"
            aria-label={SCORE_COMPONENT[k]}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(breakdown[k] * 100)}
            style={{ background: '#f0f0f0', height: 8, borderRadius: 4 }}
          >
            <div style={{ width: `${Math.max(0, Math.min(1, breakdown[k])) * 100}%`, background: '#1d5fa8', height: 8, borderRadius: 4 }} />
          </div>
          <span style={{ textAlign: 'right' }}>{Math.round(breakdown[k] * 100)}</span>
        </div>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        距离 {breakdown.distanceKm.toFixed(1)} 公里
      </Typography.Text>
    </div>
  );
}
