import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  NeedDocument,
  OrganizerFairsDocument,
  PostNeedDocument,
  UpdateNeedDocument,
  type EvaluationGrade,
  type FundingSource,
  type ServiceDomain,
} from '../gql/graphql';
import { toDecimal } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { DOMAIN, FUNDING, GRADE, options } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';

interface Values {
  title: string;
  description: string;
  domain: ServiceDomain;
  beneficiaries: number;
  budget: number;
  fundingSource: FundingSource;
  minGrade: EvaluationGrade;
  startsOn: string;
  endsOn: string;
  fairId?: string;
}

const thousands = (v: number | string | undefined) => (v === undefined || v === '' ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const unthousands = (v: string | undefined) => (v ?? '').replace(/[,，\s¥]/g, '');

/** /needs/new posts a need; /needs/:id/edit changes one (the same form, filled with what the need says). */
export default function PostNeed() {
  const { id } = useParams();
  const existing = useQuery(NeedDocument, { variables: { id: id ?? '' }, skip: !id, fetchPolicy: 'network-only' });
  if (!id) return <NeedForm />;
  if (existing.error && !existing.data) return <ErrorState error={existing.error} retry={() => existing.refetch()} />;
  if (existing.loading && !existing.data) return <Loading />;
  const need = existing.data?.need;
  if (!need) return <NotFound what="需求" />;
  return (
    <NeedForm
      needId={need.id}
      initial={{
        title: need.title,
        description: need.description,
        domain: need.domain,
        beneficiaries: need.beneficiaries,
        budget: Number(need.budget),
        fundingSource: need.fundingSource,
        minGrade: need.minGrade,
        startsOn: need.startsOn,
        endsOn: need.endsOn,
        fairId: need.fair?.id,
      }}
    />
  );
}

function NeedForm({ needId, initial }: { needId?: string; initial?: Values }) {
  const [form] = Form.useForm<Values>();
  const [post, posting] = useMutation(PostNeedDocument);
  const [update, updating] = useMutation(UpdateNeedDocument);
  const loading = posting.loading || updating.loading;
  const fairs = useQuery(OrganizerFairsDocument);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const openFairs = (fairs.data?.fairs ?? []).filter((f) => f.status !== 'CLOSED');
  const firstOpenFair = openFairs[0]?.id;
  // The fair open now is where a new need most likely goes.
  useEffect(() => {
    if (!needId && firstOpenFair && form.getFieldValue('fairId') === undefined && !form.isFieldTouched('fairId'))
      form.setFieldsValue({ fairId: firstOpenFair });
  }, [needId, firstOpenFair, form]);

  async function submit(draft: boolean) {
    setError(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const fields = {
      title: v.title.trim(),
      description: v.description.trim(),
      domain: v.domain,
      beneficiaries: v.beneficiaries,
      budget: toDecimal(v.budget)!,
      fundingSource: v.fundingSource,
      minGrade: v.minGrade,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
    };
    try {
      if (needId) {
        const { data } = await update({ variables: { id: needId, input: { ...fields, fairId: v.fairId ?? null } } });
        if (data) navigate(`/needs/${data.updateNeed.id}`);
        return;
      }
      const { data } = await post({ variables: { input: { ...fields, fairId: v.fairId ?? null, draft } } });
      if (data) navigate(`/needs/${data.postNeed.id}`);
    } catch (e) {
      setError(applyServerError(form, e));
    }
  }

  return (
    <Card style={{ maxWidth: 760, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {needId ? '修改服务需求' : '发布服务需求'}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        name="need"
        initialValues={initial ?? { minGrade: 'UNRATED', fundingSource: 'STREET' }}
        onValuesChange={() => setError(null)}
      >
        <Form.Item
          label="项目名称"
          name="title"
          rules={[
            { required: true, message: '请输入项目名称' },
            { min: 2, max: 120, message: '项目名称为2至120个字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="项目简介"
          name="description"
          rules={[
            { required: true, message: '请输入项目简介' },
            { max: 4000, message: '不超过4000字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="服务内容、服务对象、频次和期望成效" />
        </Form.Item>
        <Form.Item label="服务领域" name="domain" rules={[{ required: true, message: '请选择服务领域' }]}>
          <Select options={options(DOMAIN)} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label="服务对象人数" name="beneficiaries" rules={[{ required: true, message: '请输入服务对象人数' }]}>
          <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="预算（元）"
          name="budget"
          rules={[
            { required: true, message: '请输入预算' },
            {
              validator: async (_r, v) =>
                v !== undefined && v !== null && (!(Number(v) > 0) || !toDecimal(v)) ? Promise.reject(new Error('预算须大于0，最多两位小数')) : undefined,
            },
          ]}
        >
          <InputNumber min={0} step={1000} formatter={thousands} parser={(v) => unthousands(v) as unknown as number} style={{ width: '100%' }} prefix="¥" />
        </Form.Item>
        <Form.Item label="资金来源" name="fundingSource" rules={[{ required: true, message: '请选择资金来源' }]}>
          <Select options={options(FUNDING)} />
        </Form.Item>
        <Form.Item label="最低评估等级" name="minGrade">
          <Select options={options(GRADE)} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item label="开始日期" name="startsOn" rules={[{ required: true, message: '请选择开始日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item
            label="结束日期"
            name="endsOn"
            dependencies={['startsOn']}
            rules={[
              { required: true, message: '请选择结束日期' },
              ({ getFieldValue }) => ({
                validator: async (_r, v: string) =>
                  v && getFieldValue('startsOn') && v < getFieldValue('startsOn') ? Promise.reject(new Error('结束日期不能早于开始日期')) : undefined,
              }),
            ]}
          >
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item label="参加洽谈会" name="fairId">
          <Select allowClear options={openFairs.map((f) => ({ value: f.id, label: f.name }))} placeholder="不参加洽谈会" loading={fairs.loading} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        {needId ? (
          <Space>
            <Button type="primary" loading={loading} onClick={() => submit(false)}>
              保存修改
            </Button>
            <Button onClick={() => navigate(`/needs/${needId}`)}>取消</Button>
          </Space>
        ) : (
          <Space>
            <Button type="primary" loading={loading} onClick={() => submit(false)}>
              发布
            </Button>
            <Button loading={loading} onClick={() => submit(true)}>
              保存草稿
            </Button>
          </Space>
        )}
      </Form>
    </Card>
  );
}
