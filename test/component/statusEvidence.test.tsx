// 判定依据 in the order detail: the rule and step behind a parcel's status, and 1688's word on it.
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { StatusEvidenceView } from '../../shared/contract';
import { StatusEvidence } from '../../renderer/components/StatusEvidence';
import { renderApp, renderWithProviders } from './render';

const base: StatusEvidenceView = {
  rule: 'delivered.station_collected',
  ruleText: { zh: '收件人已从驿站取件（已签收）', en: 'Collected from a pickup station (delivered)' },
  decidedBy: 'text',
  stepAt: '2026-11-28T10:40:00.000Z',
  stepRemark: '您的包裹已从龙华大浪菜鸟驿站取出',
  doubtful: false,
  status1688: 'SIGN',
  status1688ReadAt: '2026-11-28T11:00:00.000Z',
  witness: 'agrees',
  held: false,
};

describe('status evidence (判定依据)', () => {
  it('the drawer shows each parcel’s evidence above its timeline, carrier text as text', async () => {
    await renderApp({ hash: '#/orders/3712345678901234567' });
    const drawer = await screen.findByTestId('order-drawer');
    const ev = await within(drawer).findByTestId('status-evidence');
    expect(ev.textContent).toContain('判定依据');
    expect(ev.textContent).toContain('按轨迹文字判定');
    expect(within(ev).getByTestId('evidence-rule').textContent).toBe('到达转运中心（运输中）');
    expect(within(ev).getByTestId('evidence-step').textContent).toContain('<img src=x onerror=alert(1)>');
    expect(ev.querySelector('img')).toBeNull();
    expect(within(ev).getByTestId('evidence-witness').textContent).toContain('1688 物流状态 TRANSPORT，与轨迹一致');
    expect(within(ev).queryByTestId('evidence-contradiction')).toBeNull();
    const timeline = drawer.querySelector('.parcel-timeline') as HTMLElement;
    expect(ev.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('warns when 1688’s status contradicts the text', async () => {
    await renderWithProviders(<StatusEvidence evidence={{ ...base, status1688: 'TRANSPORT', witness: 'contradicts', held: true, doubtful: true }} />);
    const warning = screen.getByTestId('evidence-contradiction');
    expect(warning.textContent).toContain('1688 物流状态（TRANSPORT）与快递轨迹文字不一致');
    expect(screen.getByTestId('status-evidence').textContent).toContain('文字不确定');
    expect(screen.queryByTestId('evidence-held')).toBeNull();
  });

  it('says a doubtful signing waits for 1688 and is not sent to the ERP', async () => {
    await renderWithProviders(<StatusEvidence evidence={{ ...base, status1688: null, status1688ReadAt: null, witness: 'unknown', held: true, doubtful: true }} />);
    expect(screen.getByTestId('evidence-held').textContent).toContain('不写入 ERP');
    expect(screen.getByTestId('evidence-witness').textContent).toBe('1688 物流状态未知');
  });

  it('names 1688’s status when it decided', async () => {
    await renderWithProviders(
      <StatusEvidence evidence={{ ...base, rule: 'status1688.SIGN', ruleText: { zh: '1688 物流状态为已签收（SIGN）', en: '' }, decidedBy: 'status1688', witness: 'contradicts' }} />,
    );
    expect(screen.getByTestId('status-evidence').textContent).toContain('按 1688 物流状态判定');
    expect(screen.getByTestId('evidence-rule').textContent).toBe('1688 物流状态为已签收（SIGN）');
  });

  it('shows the node 1688 last pushed as a hint beside the evidence', async () => {
    await renderWithProviders(
      <StatusEvidence evidence={{ ...base, pushStatus: 'SIGN', pushAt: '2026-11-28T10:41:00.000Z', pushWitness: 'contradicts' }} />,
    );
    const line = screen.getByTestId('evidence-push');
    expect(line.dataset.pushWitness).toBe('contradicts');
    expect(line.textContent).toContain('1688 实时消息：已签收');
    expect(line.textContent).toContain('以重新读取的轨迹和物流状态为准');
  });

  it('shows no push line when no push named the parcel', async () => {
    await renderWithProviders(<StatusEvidence evidence={base} />);
    expect(screen.queryByTestId('evidence-push')).toBeNull();
  });
});
