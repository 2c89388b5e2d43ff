import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** Tag colours with text dark enough to read (WCAG AA contrast), unlike the preset light tags. */
const TONES: Record<string, { color: string; background: string }> = {
  blue: { color: '#0b4fa8', background: '#e6f0ff' },
  green: { color: '#1f6b2a', background: '#eaf6ea' },
  orange: { color: '#8a4b00', background: '#fff3e0' },
  red: { color: '#a8071a', background: '#fff1f0' },
  purple: { color: '#531dab', background: '#f3ebff' },
  cyan: { color: '#006d75', background: '#e6fffb' },
  gold: { color: '#6b4c00', background: '#fff7d6' },
  default: { color: '#3a3a3a', background: '#f5f5f5' },
};

export function ColorTag({ tone = 'default', children }: { tone?: string; children: ReactNode }) {
  const t = TONES[tone] ?? TONES.default;
  return <Tag style={{ color: t.color, background: t.background, borderColor: t.color }}>{children}</Tag>;
}
