import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Space, Steps, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasRole, useAuth } from '../app/auth';
import {
  CompleteContractDocument,
  ContractDocument,
  EvaluateContractDocument,
  MarkMilestonePaidDocument,
  SignContractDocument,
  type ContractQuery,
} from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { date, dateTime, yuan } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { CONTRACT_STATUS, DOMAIN, FUNDING } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

type Contract = NonNullable<ContractQuery['contract']>;
const STEP = { PENDING_SIGNATURE: 0, SIGNED: 1, ACTIVE: 2, COMPLETED: 3, TERMINATED: 3 } as const;

export default function ContractPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(ContractDocument, { variables: { id } });
  const [sign, signing] = useMutation(SignContractDocument);
  const [pay] = useMutation(MarkMilestonePaidDocument);
  const [complete, completing] = useMutation(CompleteContractDocument);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const c = data?.contract;
  if (!c) return <NotFound what="合同" />;
  const isCommunity = me?.community?.id === c.community.id;
  const isOrganization = me?.organization?.id === c.organization.id;
  const mySignature = isCommunity ? c.communitySignedAt : isOrganization ? c.organizationSignedAt : null;
  const canManage = isCommunity || hasRole(me, 'ORGANIZER');

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      await refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          合同 {c.number}
        </Typography.Title>
        <StatusTag map={CONTRACT_STATUS} value={c.status} />
      </Space>
      <Steps
        current={STEP[c.status]}
        status={c.status === 'TERMINATED' ? 'error' : undefined}
        items={[
          { title: '待签署', content: `社区${c.communitySignedAt ? '已签' : '未签'} · 组织${c.organizationSignedAt ? '已签' : '未签'}` },
          { title: '已签署', content: '双方签署后生效' },
          { title: '履行中', content: '首笔节点付款后' },
          { title: c.status === 'TERMINATED' ? '已终止' : '已完成', content: c.completedAt ? dateTime(c.completedAt) : '' },
        ]}
      />
      <Space wrap>
        {(isCommunity || isOrganization) && c.status === 'PENDING_SIGNATURE' && !mySignature && (
          <Button type="primary" loading={signing.loading} onClick={() => run(() => sign({ variables: { id: c.id } }), '已签署')}>
            签署合同
          </Button>
        )}
        {canManage && (c.status === 'SIGNED' || c.status === 'ACTIVE') && (
          <Popconfirm
            title="确认服务已完成？"
            okText="确认完成"
            cancelText="取消"
            onConfirm={() => run(() => complete({ variables: { id: c.id } }), '合同已完成')}
          >
            <Button loading={completing.loading}>确认完成</Button>
          </Popconfirm>
        )}
      </Space>
      <Card title="合同信息">
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label="项目">
            <Link to={`/needs/${c.need.id}`}>{c.need.title}</Link>（{DOMAIN[c.need.domain]}）
          </Descriptions.Item>
          <Descriptions.Item label="金额">{yuan(c.amount, 2)}</Descriptions.Item>
          <Descriptions.Item label="社区">
            {c.community.district} · {c.community.name}
          </Descriptions.Item>
          <Descriptions.Item label="社会组织">
            <Link to={`/organizations/${c.organization.id}`}>{c.organization.name}</Link>
          </Descriptions.Item>
          <Descriptions.Item label="资金来源">{FUNDING[c.fundingSource]}</Descriptions.Item>
          <Descriptions.Item label="服务期">
            {date(c.startsOn)} 至 {date(c.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label="社区签署">{dateTime(c.communitySignedAt)}</Descriptions.Item>
          <Descriptions.Item label="组织签署">{dateTime(c.organizationSignedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="付款节点">
        <Table<Contract['milestones'][number]>
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={c.milestones}
          columns={[
            { title: '序号', dataIndex: 'seq' },
            { title: '节点', dataIndex: 'title' },
            { title: '到期', dataIndex: 'dueOn', render: (d: string) => date(d) },
            { title: '金额', dataIndex: 'amount', align: 'right', render: (a: string) => yuan(a, 2) },
            { title: '状态', render: (_: unknown, m) => (m.paid ? `已付（${dateTime(m.paidAt)}）` : '未付') },
            ...(canManage
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, m: Contract['milestones'][number]) =>
                      !m.paid && (c.status === 'SIGNED' || c.status === 'ACTIVE') ? (
                        <Button size="small" onClick={() => run(() => pay({ variables: { contractId: c.id, seq: m.seq } }), `第${m.seq}笔已确认付款`)}>
                          确认付款
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title="服务评价">
        {c.evaluation ? (
          <Typography.Paragraph>
            评分 {c.evaluation.score} 分{c.evaluation.comment ? `：${c.evaluation.comment}` : ''}（{dateTime(c.evaluation.createdAt)}）
          </Typography.Paragraph>
        ) : isCommunity && c.status === 'COMPLETED' ? (
          <EvaluateForm contractId={c.id} onDone={() => void refetch()} />
        ) : (
          <Typography.Paragraph type="secondary">服务完成后由社区评价，评价计入组织的绩效评分。</Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}

function EvaluateForm({ contractId, onDone }: { contractId: string; onDone(): void }) {
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const [evaluate, { loading }] = useMutation(EvaluateContractDocument);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      name="evaluation"
      onFinish={async (v) => {
        setError(null);
        try {
          await evaluate({ variables: { input: { contractId, score: v.score, comment: v.comment?.trim() || null } } });
          onDone();
        } catch (e) {
          setError(applyServerError(form, e));
        }
      }}
    >
      <Form.Item label="评分（0–100）" name="score" rules={[{ required: true, message: '请输入评分' }]}>
        <InputNumber min={0} max={100} precision={0} />
      </Form.Item>
      <Form.Item label="评价意见" name="comment">
        <Input.TextArea rows={3} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={loading}>
        提交评价
      </Button>
    </Form>
  );
}
