import { useQuery } from '@apollo/client/react';
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../app/auth';
import { NeedsDocument, type NeedFilter, type NeedRowFragment, type ServiceDomain } from '../gql/graphql';
import { date, toDecimal, yuan } from '../lib/format';
import { DOMAIN, NANJING_DISTRICTS, NEED_STATUS, options } from '../lib/labels';
import { ErrorState } from '../lib/states';
import { StatusTag } from '../lib/StatusTag';

const PAGE = 20;

interface FilterValues {
  text?: string;
  domains?: ServiceDomain[];
  district?: string;
  budgetMin?: number;
  budgetMax?: number;
  lat?: number;
  lng?: number;
  radiusKm?: number;
}

export function toFilter(v: FilterValues, fairId: string | null): NeedFilter {
  const f: NeedFilter = { statuses: ['PUBLISHED', 'MATCHED', 'CONTRACTED'] };
  if (fairId) f.fairId = fairId;
  if (v.text?.trim()) f.text = v.text.trim();
  if (v.domains?.length) f.domains = v.domains;
  if (v.district) f.district = v.district;
  const min = toDecimal(v.budgetMin);
  const max = toDecimal(v.budgetMax);
  if (min) f.budgetMin = min;
  if (max) f.budgetMax = max;
  if (v.lat !== undefined && v.lat !== null && v.lng !== undefined && v.lng !== null && v.radiusKm)
    f.near = { point: { lat: v.lat, lng: v.lng }, radiusKm: v.radiusKm };
  return f;
}

export default function NeedList() {
  const [params] = useSearchParams();
  const fairId = params.get('fairId');
  const { me } = useAuth();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<NeedFilter>(() => toFilter({}, fairId));
  // Cursor paging: the cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, loading, error, refetch } = useQuery(NeedsDocument, { variables: { filter, first: PAGE, after } });
  const page = data?.needs;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        服务需求
      </Typography.Title>
      <Card>
        <Form
          form={form}
          layout="inline"
          name="need-filter"
          onFinish={(v) => {
            setFilter(toFilter(v, fairId));
            setCursors([null]);
          }}
          style={{ rowGap: 12 }}
        >
          <Form.Item label="关键词" name="text">
            <Input allowClear placeholder="标题或简介" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="服务领域" name="domains">
            <Select mode="multiple" allowClear options={options(DOMAIN)} style={{ minWidth: 200 }} maxTagCount={2} />
          </Form.Item>
          <Form.Item label="区" name="district">
            <Select allowClear options={NANJING_DISTRICTS.map((d) => ({ value: d, label: d }))} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label="预算下限（元）" name="budgetMin">
            <InputNumber min={0} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item label="预算上限（元）" name="budgetMax">
            <InputNumber min={0} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item label="附近：纬度" name="lat">
            <InputNumber min={-90} max={90} step={0.01} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label="经度" name="lng">
            <InputNumber min={-180} max={180} step={0.01} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label="半径（公里）" name="radiusKm">
            <InputNumber min={0.1} max={200} style={{ width: 90 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              筛选
            </Button>
            {me?.community && (
              <Button onClick={() => form.setFieldsValue({ lat: me.community!.location.lat, lng: me.community!.location.lng, radiusKm: 5 })}>本社区附近</Button>
            )}
            <Button
              onClick={() => {
                form.resetFields();
                setFilter(toFilter({}, fairId));
                setCursors([null]);
              }}
            >
              重置
            </Button>
          </Space>
        </Form>
      </Card>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<NeedRowFragment>
          rowKey="id"
          loading={loading}
          dataSource={page?.nodes ?? []}
          pagination={false}
          locale={{ emptyText: '没有符合条件的需求' }}
          scroll={{ x: 900 }}
          columns={[
            { title: '项目名称', dataIndex: 'title', render: (t: string, n) => <Link to={`/needs/${n.id}`}>{t}</Link> },
            { title: '服务领域', dataIndex: 'domain', render: (d: ServiceDomain) => DOMAIN[d] },
            { title: '社区', render: (_: unknown, n) => `${n.community.district} · ${n.community.name}` },
            { title: '预算', dataIndex: 'budget', align: 'right', render: (b: string) => yuan(b) },
            { title: '服务对象', dataIndex: 'beneficiaries', align: 'right', render: (b: number) => `${b.toLocaleString('zh-CN')}人` },
            { title: '服务期', render: (_: unknown, n) => `${date(n.startsOn)} – ${date(n.endsOn)}` },
            { title: '状态', dataIndex: 'status', render: (s: NeedRowFragment['status']) => <StatusTag map={NEED_STATUS} value={s} /> },
          ]}
        />
      )}
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text>共 {page?.totalCount.toLocaleString('zh-CN') ?? '—'} 个需求</Typography.Text>
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            上一页
          </Button>
          <Button disabled={!page?.pageInfo.hasNextPage} onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>
            下一页
          </Button>
        </Space>
      </Space>
    </Space>
  );
}
