import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ComplaintsQueueDocument, ResolveComplaintDocument, type ComplaintStatus, type ComplaintsQueueQuery } from '../gql/graphql';
import { dateTime } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { NEED_STATUS } from '../lib/labels';
import { EmptyState, ErrorState, Loading } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';
import { COMPLAINT_STATUS } from './labels';

type Row = ComplaintsQueueQuery['complaints'][number];
const PAGE = 50;

/** The organizer's complaints queue (/organizer/complaints): pending first, each resolved in writing (upheld or dismissed). */
export default function ComplaintsQueue() {
  const [view, setView] = useState<'PENDING' | 'ALL'>('PENDING');
  const statuses: ComplaintStatus[] | null = view === 'PENDING' ? ['PENDING'] : null;
  const { data, loading, error, refetch, fetchMore } = useQuery(ComplaintsQueueDocument, { variables: { statuses, first: PAGE } });
  const [resolving, setResolving] = useState<Row | null>(null);
  const rows = data?.complaints ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        质疑投诉处理
      </Typography.Title>
      <Segmented
        value={view}
        onChange={(v) => setView(v as 'PENDING' | 'ALL')}
        options={[
          { value: 'PENDING', label: '待处理' },
          { value: 'ALL', label: '全部' },
        ]}
      />
      <Card>
        {error && !data ? (
          <ErrorState error={error} retry={() => refetch()} />
        ) : loading && !data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState text={view === 'PENDING' ? '没有待处理的质疑。' : '还没有质疑投诉。'} />
        ) : (
          <>
            <Table<Row>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              columns={[
                { title: '项目', render: (_: unknown, c) => <Link to={`/needs/${c.need.id}`}>{c.need.title}</Link> },
                { title: '社区', render: (_: unknown, c) => `${c.need.community.district} · ${c.need.community.name}` },
                { title: '项目状态', render: (_: unknown, c) => <StatusTag map={NEED_STATUS} value={c.need.status} /> },
                { title: '质疑', render: (_: unknown, c) => <Typography.Text strong>{c.title}</Typography.Text> },
                { title: '质疑人', render: (_: unknown, c) => (c.filedBy.role === 'COMMUNITY' ? '社区' : '社会组织') },
                { title: '提交时间', render: (_: unknown, c) => dateTime(c.createdAt) },
                { title: '状态', render: (_: unknown, c) => <StatusTag map={COMPLAINT_STATUS} value={c.status} /> },
                {
                  title: '操作',
                  render: (_: unknown, c) =>
                    c.status === 'PENDING' ? (
                      <Button size="small" type="primary" onClick={() => setResolving(c)} aria-label={`处理质疑：${c.title}`}>
                        处理
                      </Button>
                    ) : (
                      <Typography.Text type="secondary">{c.resolution}</Typography.Text>
                    ),
                },
              ]}
              expandable={{ expandedRowRender: (c) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.body}</Typography.Paragraph> }}
            />
            {rows.length % PAGE === 0 && (
              <Button style={{ marginTop: 12 }} onClick={() => fetchMore({ variables: { after: rows[rows.length - 1].id } })}>
                加载更多
              </Button>
            )}
          </>
        )}
      </Card>
      <ResolveModal complaint={resolving} onClose={() => setResolving(null)} onDone={() => void refetch()} />
    </Space>
  );
}

function ResolveModal({ complaint, onClose, onDone }: { complaint: Row | null; onClose(): void; onDone(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ upheld: boolean; resolution: string }>();
  const [resolve, resolving] = useMutation(ResolveComplaintDocument);
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <Modal title={complaint ? `处理质疑：${complaint.title}` : '处理质疑'} open={!!complaint} onCancel={onClose} footer={null} destroyOnHidden>
      {complaint && (
        <>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{complaint.body}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            name="resolve"
            onFinish={async (v) => {
              setFormError(null);
              try {
                await resolve({ variables: { id: complaint.id, upheld: v.upheld, resolution: v.resolution.trim() } });
                message.success(v.upheld ? '质疑成立：中标结果已撤销，项目重新进入征集' : '质疑已驳回：合同可继续签署');
                onClose();
                onDone();
              } catch (e) {
                setFormError(applyServerError(form, e));
              }
            }}
          >
            <Form.Item label="处理结果" name="upheld" rules={[{ required: true, message: '请选择处理结果' }]}>
              <Radio.Group
                options={[
                  { value: true, label: '质疑成立（撤销中标，项目重新征集）' },
                  { value: false, label: '驳回质疑（继续签约）' },
                ]}
              />
            </Form.Item>
            <Form.Item label="处理意见" name="resolution" rules={[{ required: true, whitespace: true, message: '请书面说明处理理由' }]}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
            {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" loading={resolving.loading}>
              提交处理结果
            </Button>
          </Form>
        </>
      )}
    </Modal>
  );
}
