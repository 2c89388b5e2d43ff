import { SessionEventType } from '@app/core';
import { ServiceDomain } from '@app/reference-data';
import { TickerFacts, tickerText } from './fair-ticker';

const facts = (over: Partial<TickerFacts>): TickerFacts => ({
  type: SessionEventType.BID_SUBMITTED,
  sessionTitle: '玄武区项目对接专场',
  sessionStatus: 'OPEN',
  need: { domain: ServiceDomain.ELDERLY_CARE, district: '玄武区' },
  run: null,
  signedContract: null,
  ...over,
});

describe('tickerText', () => {
  it('says a bid came or went with the need’s district and domain only', () => {
    expect(tickerText(facts({}))).toBe('玄武区 · 养老服务 · 新增投标');
    expect(tickerText(facts({ type: SessionEventType.BID_WITHDRAWN }))).toBe('玄武区 · 养老服务 · 撤回投标');
  });

  it('names the winner and the amount only once a contract is signed by both sides', () => {
    expect(tickerText(facts({ type: SessionEventType.CONTRACT_SIGNED }))).toBe('玄武区 · 养老服务 · 一方已签署合同');
    expect(
      tickerText(facts({ type: SessionEventType.CONTRACT_SIGNED, signedContract: { amountFen: 4_800_050, organizationName: '玄武区乐龄服务中心' } })),
    ).toBe('玄武区 · 养老服务 · 签约 ¥48,001 · 玄武区乐龄服务中心');
  });

  it('leaves run progress ticks off the ticker and reports finished runs and session changes', () => {
    expect(tickerText(facts({ type: SessionEventType.RUN_PROGRESS, need: null }))).toBeNull();
    expect(tickerText(facts({ type: SessionEventType.RUN_FINISHED, need: null, run: { status: 'SUCCEEDED', assignedCount: 12 } }))).toBe(
      '「玄武区项目对接专场」撮合完成：12 个项目获得匹配',
    );
    expect(tickerText(facts({ type: SessionEventType.SESSION_STATUS_CHANGED, need: null, sessionStatus: 'CLOSED_FOR_BIDS' }))).toBe(
      '「玄武区项目对接专场」截止投标',
    );
  });
});
