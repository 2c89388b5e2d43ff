import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { hasRole, useAuth } from '../app/auth';
import { FileComplaintDocument, NeedGovernanceDocument, RecordResidentReviewDocument, WithdrawComplaintDocument } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { date, dateTime } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { ErrorState, Loading } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';
import { COMPLAINT_STATUS, supportText } from './labels';

/** A review is recorded before the need is contracted. */
const REVIEWABLE = ['DRAFT', 'PUBLISHED', 'MATCHED'];

/**
 * The need page's governance part: its residents' review (群众评议) with the
 * community's form, and the complaints (质疑投诉) the viewer may read, with the form
 * for those who may question the award (the server decides; bidders and proposed
 * organizations, and the need's community, while the award is not yet signed).
 */
export function NeedGovernance({ needId, onChanged }: { needId: string; onChanged(): void }) {
  const { me } = useAuth();
  const { data, loading, error, refetch } = useQuery(NeedGovernanceDocument, { variables: { id: needId } });
  const [filing, setFiling] = useState(false);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading rows={2} />;
  const need = data?.need;
  if (!need) return null;
  const mine = !!me?.community && me.community.id === need.community.id;
  const mayFile = (mine || hasRole(me, 'ORGANIZATION')) && (need.status === 'MATCHED' || need.status === 'CONTRACTED');
  const refresh = async () => {
    await refetch();
    onChanged();
  };

  return (
    <>
      <Card title="群众评议">
        {need.residentReview ? (
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="评议日期">{date(need.residentReview.heldOn)}</Descriptions.Item>
            <Descriptions.Item label="参与人数">{need.residentReview.participants.toLocaleString('zh-CN')}人</Descriptions.Item>
            <Descriptions.Item label="支持率">
              <span data-support>{supportText(need.residentReview.support)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="赞成">{need.residentReview.votesFor.toLocaleString('zh-CN')}票</Descriptions.Item>
            <Descriptions.Item label="反对">{need.residentReview.votesAgainst.toLocaleString('zh-CN')}票</Descriptions.Item>
            <Descriptions.Item label="会议纪要" span={3}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{need.residentReview.minutes}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Paragraph type="secondary">尚未记录群众评议。</Typography.Paragraph>
        )}
        {mine && REVIEWABLE.includes(need.status) && <ReviewForm needId={need.id} onDone={refresh} />}
      </Card>
      <Card title="质疑投诉" extra={mayFile && <Button onClick={() => setFiling(true)}>提出质疑</Button>}>
        {need.complaints.length === 0 ? (
          <Typography.Paragraph type="secondary">{me ? '没有您可查看的质疑。' : '登录后，质疑人、社区和民政部门可查看相关质疑。'}</Typography.Paragraph>
        ) : (
          <List
            dataSource={need.complaints}
            renderItem={(c) => (
              <List.Item
                actions={c.status === 'PENDING' && c.filedBy.id === me?.id ? [<WithdrawButton key="withdraw" id={c.id} onDone={refresh} />] : undefined}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {c.title}
                      <StatusTag map={COMPLAINT_STATUS} value={c.status} />
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{c.body}</Typography.Paragraph>
                      <Typography.Text type="secondary">提交于 {dateTime(c.createdAt)}</Typography.Text>
                      {c.resolution && <Alert style={{ marginTop: 8 }} type="info" title={`处理意见（${dateTime(c.resolvedAt)}）：${c.resolution}`} />}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <ComplaintModal needId={need.id} open={filing} onClose={() => setFiling(false)} onDone={refresh} />
    </>
  );
}

function ReviewForm({ needId, onDone }: { needId: string; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ heldOn: string; participants: number; votesFor: number; votesAgainst: number; minutes: string }>();
  const [record, recording] = useMutation(RecordResidentReviewDocument);
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="inline"
      name="residentReview"
      style={{ marginTop: 16, rowGap: 8 }}
      onFinish={async (v) => {
        setFormError(null);
        try {
          await record({ variables: { needId, input: { ...v, minutes: v.minutes.trim() } } });
          message.success('群众评议已记录');
          form.resetFields();
          await onDone();
        } catch (e) {
          setFormError(applyServerError(form, e));
        }
      }}
    >
      <Form.Item label="评议日期" name="heldOn" rules={[{ required: true, message: '请选择评议日期' }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item label="参与人数" name="participants" rules={[{ required: true, message: '请输入参与人数' }]}>
        <InputNumber min={1} precision={0} />
      </Form.Item>
      <Form.Item label="赞成票" name="votesFor" rules={[{ required: true, message: '请输入赞成票数' }]}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item label="反对票" name="votesAgainst" rules={[{ required: true, message: '请输入反对票数' }]}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item label="会议纪要" name="minutes" rules={[{ required: true, whitespace: true, message: '请填写会议纪要' }]} style={{ minWidth: 320 }}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={recording.loading}>
          保存评议
        </Button>
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} role="alert" />}
    </Form>
  );
}

function WithdrawButton({ id, onDone }: { id: string; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [withdraw, withdrawing] = useMutation(WithdrawComplaintDocument);
  return (
    <Popconfirm
      title="确定撤回该质疑？"
      okText="撤回"
      cancelText="取消"
      onConfirm={async () => {
        try {
          await withdraw({ variables: { id } });
          message.success('质疑已撤回');
          await onDone();
        } catch (e) {
          message.error(errorMessage(e));
        }
      }}
    >
      <Button size="small" loading={withdrawing.loading}>
        撤回质疑
      </Button>
    </Popconfirm>
  );
}

function ComplaintModal({ needId, open, onClose, onDone }: { needId: string; open: boolean; onClose(): void; onDone(): Promise<void> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; body: string }>();
  const [file, filing] = useMutation(FileComplaintDocument);
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <Modal title="提出质疑" open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">质疑处理期间，该项目的合同暂停签署；民政部门将书面答复。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="complaint"
        onFinish={async (v) => {
          setFormError(null);
          try {
            await file({ variables: { input: { needId, title: v.title.trim(), body: v.body.trim() } } });
            message.success('质疑已提交');
            form.resetFields();
            onClose();
            await onDone();
          } catch (e) {
            setFormError(applyServerError(form, e));
          }
        }}
      >
        <Form.Item label="质疑标题" name="title" rules={[{ required: true, whitespace: true, message: '请输入质疑标题' }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item label="质疑内容" name="body" rules={[{ required: true, whitespace: true, min: 10, message: '请至少用 10 个字说明质疑的事实和理由' }]}>
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>
        {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={filing.loading}>
          提交质疑
        </Button>
      </Form>
    </Modal>
  );
}
