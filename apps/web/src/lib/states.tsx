import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from './errors';

/** The three states every page shows before its content: loading, error, empty. */
export function Loading({ rows = 4 }: { rows?: number }) {
  return (
    <div role="status" aria-label="加载中" style={{ minHeight: rows * 32, display: 'grid', placeItems: 'center' }}>
      <Spin />
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title="加载失败"
      description={errorMessage(error)}
      action={retry ? <Button onClick={() => retry()}>重试</Button> : undefined}
    />
  );
}

export function EmptyState({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <Empty description={text} image={Empty.PRESENTED_IMAGE_SIMPLE}>
      {children}
    </Empty>
  );
}

/**
 * A page-sized notice: a title, a line of explanation, an action. (antd's Result would do, but its
 * illustrations weigh more than the rest of the app's frame, and this is in the first load.)
 */
export function Notice({ title, detail, action }: { title: string; detail?: string; action?: ReactNode }) {
  return (
    <Empty
      style={{ padding: '48px 0' }}
      description={
        <>
          <h2 style={{ fontSize: 20, margin: '8px 0', color: 'rgba(0,0,0,0.88)' }}>{title}</h2>
          {detail && <p style={{ margin: 0 }}>{detail}</p>}
        </>
      }
    >
      {action}
    </Empty>
  );
}

export function NotFound({ what = '页面' }: { what?: string }) {
  return <Notice title={`找不到该${what}`} detail="链接可能有误，或内容已不再公开。" />;
}

/** Loading / error / empty, else the content. */
export function QueryState<T>({
  loading,
  error,
  data,
  empty,
  isEmpty,
  retry,
  children,
}: {
  loading: boolean;
  error?: unknown;
  data: T | undefined | null;
  empty?: string;
  isEmpty?: (data: T) => boolean;
  retry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (error && !data) return <ErrorState error={error} retry={retry} />;
  if (loading && !data) return <Loading />;
  if (!data) return <NotFound />;
  if (isEmpty?.(data)) return <EmptyState text={empty ?? '暂无数据'} />;
  return <>{children(data)}</>;
}
