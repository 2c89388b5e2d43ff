import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ScoreBars } from './ScoreBars';

describe('ScoreBars', () => {
  it('shows one labelled bar per score component with its value, and the distance', () => {
    render(<ScoreBars score={0.812} breakdown={{ domain: 1, capacity: 0.5, grade: 0.8, distance: 0.95, price: 0.1, performance: 0.6, distanceKm: 1.24 }} />);
    expect(screen.getByRole('meter', { name: '领域匹配' }).getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByRole('meter', { name: '报价' }).getAttribute('aria-valuenow')).toBe('10');
    expect(screen.getAllByRole('meter')).toHaveLength(6);
    expect(screen.getByText('综合得分 81.2')).toBeTruthy();
    expect(screen.getByText('距离 1.2 公里')).toBeTruthy();
  });
});
