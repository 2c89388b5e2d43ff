import type { CSSProperties, ReactNode } from 'react';

const frame: CSSProperties = { border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff', height: '100%' };
const head: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 8,
  alignItems: 'center',
  justifyContent: 'space-between',
  padding: '12px 24px',
  borderBottom: '1px solid #f0f0f0',
  fontWeight: 600,
  fontSize: 16,
  color: 'rgba(0,0,0,0.88)',
};

/**
 * A card for the first screen everyone opens (home): antd's Card brings its tabs with it,
 * which the home page does not need and the first load should not carry.
 */
export function Panel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div style={frame}>
      <div style={head}>
        <div>{title}</div>
        {extra && <div style={{ fontWeight: 400, fontSize: 14 }}>{extra}</div>}
      </div>
      <div style={{ padding: 24 }}>{children}</div>
    </div>
  );
}
