import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckResult, Preview } from './ImportPage';
import type { ImportAnswer } from './importApi';

const answer: ImportAnswer = {
  rows: 2,
  created: 0,
  dryRun: true,
  errors: [
    { row: 3, field: 'budget', column: '预算（元）', message: 'budget must be a non-negative amount in yuan with at most 2 decimals, e.g. 48000.00' },
    { row: 3, field: 'community', column: '社区', message: 'A community imports only its own needs', reason: 'NOT_YOUR_COMMUNITY' },
  ],
  preview: {
    headers: ['项目名称', '预算（元）'],
    rows: [
      { row: 2, cells: ['助老项目', '40000'] },
      { row: 3, cells: ['助餐项目', '四万元'] },
    ],
  },
};

afterEach(cleanup);

describe('import preview', () => {
  it('marks the refused cell with the Chinese rule and the server message; an error outside the shown columns goes to the row', () => {
    const { container } = render(<Preview kind="needs" answer={answer} onlyErrors={false} />);
    const invalid = container.querySelectorAll('td[data-invalid="true"]');
    expect(invalid).toHaveLength(1);
    expect(invalid[0].textContent).toContain('四万元');
    expect(invalid[0].textContent).toContain('预算须为大于 0 的金额（元），最多两位小数');
    const badRow = screen.getByText('助餐项目').closest('tr')!;
    expect(within(badRow).getByText('社区账号只能导入本社区的需求。')).toBeTruthy();
    expect(within(screen.getByText('助老项目').closest('tr')!).getByText('通过')).toBeTruthy();
  });

  it('shows only the rows with errors when asked', () => {
    render(<Preview kind="needs" answer={answer} onlyErrors />);
    expect(screen.queryByText('助老项目')).toBeNull();
    expect(screen.getByText('助餐项目')).toBeTruthy();
  });

  it('sums up: refused cells, or the file-level refusal by status', () => {
    const { unmount } = render(<CheckResult kind="needs" status={422} answer={answer} noun="需求" unit="条" />);
    expect(screen.getByRole('alert').textContent).toContain('1 行共 2 处错误');
    unmount();
    render(
      <CheckResult
        kind="needs"
        status={413}
        answer={{ rows: 0, created: 0, dryRun: true, errors: [{ row: null, field: 'file', message: 'too large' }] }}
        noun="需求"
        unit="条"
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('文件超过 5 MB');
  });
});
