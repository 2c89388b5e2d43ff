import { SessionEventType } from '@app/core';
import { DOMAIN_ZH, ServiceDomain } from '@app/reference-data';

const SESSION_STATUS_TEXT: Readonly<Record<string, string>> = {
  OPEN: '开始投标',
  CLOSED_FOR_BIDS: '截止投标',
  MATCHED: '撮合完成',
  CLOSED: '场次结束',
};

/** What the ticker may use about one event: public facts only (never a bidder, never a bid price). */
export interface TickerFacts {
  type: SessionEventType;
  sessionTitle: string;
  need: { domain: ServiceDomain; district: string } | null;
  sessionStatus: string;
  /** Set for runs that finished. */
  run: { status: string; assignedCount: number } | null;
  /** Set for a contract signed by both parties: who won and for how much is public then (as in the OCDS export). */
  signedContract: { amountFen: number; organizationName: string } | null;
}

const yuan = (fen: number) => `¥${Math.round(fen / 100).toLocaleString('en-US')}`;

/**
 * The screen's line for an event, or null when the event is not for the ticker
 * (run progress ticks). Bid events only ever say that a bid came or went, with the
 * need's district and domain: bids happen before the deadline, when neither the
 * bidder nor the price may be known. Proposals are named without their organization.
 */
export function tickerText(f: TickerFacts): string | null {
  const where = f.need ? `${f.need.district} · ${DOMAIN_ZH[f.need.domain]}` : `「${f.sessionTitle}」`;
  switch (f.type) {
    case SessionEventType.BID_SUBMITTED:
      return `${where} · 新增投标`;
    case SessionEventType.BID_WITHDRAWN:
      return `${where} · 撤回投标`;
    case SessionEventType.PROPOSAL_ACCEPTED:
      return `${where} · 推荐方案获得确认`;
    case SessionEventType.PROPOSAL_DECLINED:
      return `${where} · 推荐方案被婉拒`;
    case SessionEventType.CONTRACT_CREATED:
      return `${where} · 双方确认，生成合同`;
    case SessionEventType.CONTRACT_SIGNED:
      return f.signedContract ? `${where} · 签约 ${yuan(f.signedContract.amountFen)} · ${f.signedContract.organizationName}` : `${where} · 一方已签署合同`;
    case SessionEventType.RUN_FINISHED:
      if (!f.run) return null;
      return f.run.status === 'SUCCEEDED'
        ? `「${f.sessionTitle}」撮合完成：${f.run.assignedCount} 个项目获得匹配`
        : `「${f.sessionTitle}」撮合未完成，将重新运行`;
    case SessionEventType.SESSION_STATUS_CHANGED:
      return `「${f.sessionTitle}」${SESSION_STATUS_TEXT[f.sessionStatus] ?? '状态更新'}`;
    default:
      return null;
  }
}
