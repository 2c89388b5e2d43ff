import { useQuery, useSubscription } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { ScreenFairDocument, ScreenStatsChangedDocument, ScreenTickerDocument, type ScreenStatsFragment, type ScreenTickerSubscription } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { dateTime, time } from '../lib/format';
import { DOMAIN, SESSION_STATUS } from '../lib/labels';
import { DISTRICT_POINTS } from './districts';
import { EChart } from '../lib/EChart';
import { NANJING_MAP, type EChartsCoreOption } from './echarts';
import { OLD_TOWN } from './nanjing/map';

type Tick = ScreenTickerSubscription['fairTicker'];

const FIGURES: { key: keyof Omit<ScreenStatsFragment, 'byDomain' | 'byDistrict'>; label: string; unit?: string }[] = [
  { key: 'needsListed', label: '发布项目' },
  { key: 'organizationsParticipating', label: '参与组织' },
  { key: 'bidsSubmitted', label: '投标' },
  { key: 'proposals', label: '推荐方案' },
  { key: 'contractsSigned', label: '签约' },
  { key: 'amountSigned', label: '签约金额（元）' },
];

/** A figure's text: thousands separators, fen only when there are any. */
export function figureText(value: number | string): string {
  const n = Number(value);
  return n.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(n) ? 0 : 2, maximumFractionDigits: 2 });
}

const BG = '#06122b';
const FG = '#e8f0ff';

/** The hall's big screen: public figures only, updated live over an anonymous socket. */
export default function BigScreen() {
  const { fairId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(ScreenFairDocument, { variables: { id: fairId } });
  const [live, setLive] = useState<ScreenStatsFragment | null>(null);
  const [ticks, setTicks] = useState<Tick[]>([]);
  useSubscription(ScreenStatsChangedDocument, { variables: { fairId }, onData: ({ data: d }) => d.data && setLive(d.data.fairStatsChanged) });
  useSubscription(ScreenTickerDocument, {
    variables: { fairId },
    onData: ({ data: d }) => d.data && setTicks((list) => [d.data!.fairTicker, ...list].slice(0, 12)),
  });
  const stats = live ?? data?.fair?.stats ?? null;

  const mapOption = useMemo<EChartsCoreOption>(() => {
    const byDistrict = new Map((stats?.byDistrict ?? []).map((d) => [d.district, d]));
    const max = Math.max(1, ...(stats?.byDistrict ?? []).map((d) => Number(d.amountSigned)));
    return {
      tooltip: {
        formatter: (p: { data?: { name: string; needs: number; value: number } }) =>
          p.data ? `${p.data.name}<br/>项目 ${p.data.needs} · 签约 ¥${p.data.value.toLocaleString('en-US')}` : '',
      },
      visualMap: { show: false, min: 0, max, inRange: { color: ['#1d3a66', '#d48806', '#ffd666'] } },
      series: [
        {
          type: 'map',
          map: NANJING_MAP,
          layoutCenter: ['50%', '50%'],
          layoutSize: '95%',
          selectedMode: false,
          data: Object.keys(DISTRICT_POINTS).map((name) => {
            const d = byDistrict.get(name);
            return { name, value: Number(d?.amountSigned ?? 0), needs: d?.needs ?? 0, label: { show: !OLD_TOWN.has(name) } };
          }),
          itemStyle: { borderColor: '#91caff', borderWidth: 1 },
          emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#4096ff' } },
          // The old town's districts are small at this scale: labels that would overlap give way (the tooltip has them all).
          labelLayout: { hideOverlap: true },
          label: {
            show: true,
            color: FG,
            fontSize: 15,
            formatter: (p: { name: string; value: number }) => (Number(p.value) > 0 ? `${p.name}\n¥${Number(p.value).toLocaleString('en-US')}` : p.name),
          },
        },
      ],
    };
  }, [stats]);

  const domainOption = useMemo<EChartsCoreOption>(() => {
    const rows = [...(stats?.byDomain ?? [])].sort((a, b) => a.needs - b.needs);
    return {
      grid: { left: 150, right: 60, top: 10, bottom: 20 },
      xAxis: { type: 'value', axisLabel: { color: FG }, splitLine: { lineStyle: { color: '#1d3461' } } },
      yAxis: { type: 'category', data: rows.map((r) => DOMAIN[r.domain]), axisLabel: { color: FG, fontSize: 16 } },
      tooltip: {},
      series: [
        { name: '项目', type: 'bar', data: rows.map((r) => r.needs), itemStyle: { color: '#4096ff' }, label: { show: true, position: 'right', color: FG } },
        { name: '签约', type: 'bar', data: rows.map((r) => r.contracts), itemStyle: { color: '#ffc53d' } },
      ],
    };
  }, [stats]);

  const shell: React.CSSProperties = {
    background: BG,
    color: FG,
    minHeight: '100vh',
    padding: 32,
    boxSizing: 'border-box',
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", sans-serif',
  };
  if (error && !data)
    return (
      <main style={shell}>
        <h1>大屏暂时无法加载</h1>
        <p role="alert">{errorMessage(error)}</p>
        <button onClick={() => refetch()}>重试</button>
      </main>
    );
  if (loading && !data)
    return (
      <main style={shell} aria-busy="true">
        <p role="status">正在加载洽谈会数据…</p>
      </main>
    );
  const fair = data?.fair;
  if (!fair || !stats)
    return (
      <main style={shell}>
        <h1>找不到该洽谈会</h1>
      </main>
    );
  const openSessions = fair.sessions.filter((s) => s.status === 'OPEN');
  return (
    <main style={{ ...shell, display: 'grid', gridTemplateRows: 'auto auto 1fr auto', gap: 24, height: '100vh' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h1 style={{ fontSize: 44, margin: 0, letterSpacing: 2 }}>{fair.name}</h1>
        <div style={{ fontSize: 22 }}>
          {fair.city} · {openSessions.length ? `${openSessions.length} 个场次投标中` : '投标已截止'}
        </div>
      </header>
      <section aria-label="实时数据" style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 16 }}>
        {FIGURES.map((f) => (
          <div key={f.key} style={{ background: '#0b1f47', borderRadius: 12, padding: '16px 20px', border: '1px solid #1d3461' }}>
            <div style={{ fontSize: 22, color: '#adc6ff' }}>{f.label}</div>
            <div data-figure={f.key} style={{ fontSize: 52, fontWeight: 700, color: '#ffd666', fontVariantNumeric: 'tabular-nums' }}>
              {figureText(stats[f.key])}
            </div>
          </div>
        ))}
      </section>
      <section style={{ display: 'grid', gridTemplateColumns: '1.1fr 1fr', gap: 24, minHeight: 0 }}>
        <div style={{ background: '#0b1f47', borderRadius: 12, padding: 16, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <h2 style={{ fontSize: 26, margin: '0 0 8px' }}>各区签约金额</h2>
          <EChart option={mapOption} label="南京各区签约金额分布" style={{ flex: 1, minHeight: 300 }} />
        </div>
        <div style={{ background: '#0b1f47', borderRadius: 12, padding: 16, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <h2 style={{ fontSize: 26, margin: '0 0 8px' }}>各服务领域项目与签约</h2>
          <EChart option={domainOption} label="各服务领域的项目数和签约数" style={{ flex: 1, minHeight: 300 }} />
        </div>
      </section>
      <section aria-label="实时动态" style={{ background: '#0b1f47', borderRadius: 12, padding: '12px 20px', height: 170, overflow: 'hidden' }}>
        <h2 style={{ fontSize: 22, margin: '0 0 6px' }}>实时动态</h2>
        <ol aria-live="polite" style={{ listStyle: 'none', margin: 0, padding: 0, fontSize: 22, lineHeight: '34px' }}>
          {ticks.length === 0 ? (
            <li style={{ color: '#adc6ff' }}>
              {openSessions[0] ? `「${openSessions[0].title}」${SESSION_STATUS.OPEN.text}，截止 ${dateTime(openSessions[0].bidDeadline)}` : '等待现场动态…'}
            </li>
          ) : (
            ticks.slice(0, 4).map((t, i) => (
              <li key={`${t.at}-${i}`}>
                <span style={{ color: '#adc6ff', marginRight: 16 }}>{time(t.at)}</span>
                {t.text}
              </li>
            ))
          )}
        </ol>
      </section>
    </main>
  );
}
