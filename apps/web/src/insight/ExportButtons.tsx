import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useAuth } from '../app/auth';
import { messageOf } from '../lib/errors';

/** Downloads a GET /export/... file with the signed-in user's token (fetch + blob), saving it under the server's file name. */
export function useDownload() {
  const { token } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  async function download(path: string, fallbackName: string) {
    setBusy(path);
    try {
      const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) {
        // Refusals come in GraphQL's error shape: the same sentences as the rest of the app.
        const body = (await response.json().catch(() => null)) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
        const first = body?.errors?.[0];
        throw new Error(first ? messageOf(first) : `下载失败（${response.status}）`);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error(e instanceof Error && e.message && !/fetch/i.test(e.message) ? e.message : '下载失败，请检查网络后重试。');
    } finally {
      setBusy(null);
    }
  }
  return { download, busy };
}

/** The fair's files: its contracts as a spreadsheet, its open data as OCDS JSON and CSV. */
export function FairExportButtons({ fairId }: { fairId: string }) {
  const { download, busy } = useDownload();
  const item = (path: string, name: string, label: string) => (
    <Button size="small" loading={busy === path} onClick={() => void download(path, name)}>
      {label}
    </Button>
  );
  return (
    <Space wrap>
      {item(`/export/fairs/${fairId}/contracts.xlsx`, 'contracts.xlsx', '导出合同（Excel）')}
      {item(`/export/fairs/${fairId}/ocds.json`, 'ocds.json', '导出开放数据（JSON）')}
      {item(`/export/fairs/${fairId}/ocds.csv`, 'ocds.csv', '导出开放数据（CSV）')}
    </Space>
  );
}

/** A session's results (its latest succeeded run) as a spreadsheet. */
export function SessionResultsButton({ sessionId }: { sessionId: string }) {
  const { download, busy } = useDownload();
  const path = `/export/sessions/${sessionId}/results.xlsx`;
  return (
    <Button loading={busy === path} onClick={() => void download(path, 'results.xlsx')}>
      导出撮合结果（Excel）
    </Button>
  );
}
