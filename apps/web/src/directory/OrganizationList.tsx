import { useQuery } from '@apollo/client/react';
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { OrganizationsDocument, type EvaluationGrade, type OrganizationFilter, type OrganizationsQuery, type ServiceDomain } from '../gql/graphql';
import { DOMAIN, FORM, GRADE, NANJING_DISTRICTS, options } from '../lib/labels';
import { ErrorState } from '../lib/states';

type Row = OrganizationsQuery['organizations']['nodes'][number];

export default function OrganizationList() {
  const [filter, setFilter] = useState<OrganizationFilter>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error, refetch } = useQuery(OrganizationsDocument, { variables: { filter, first: 20, after: cursors[cursors.length - 1] } });
  const page = data?.organizations;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        社会组织名录
      </Typography.Title>
      <Card>
        <Form
          layout="inline"
          name="org-filter"
          style={{ rowGap: 12 }}
          onFinish={(v: { text?: string; domains?: ServiceDomain[]; district?: string; minGrade?: EvaluationGrade }) => {
            setFilter({ text: v.text?.trim() || undefined, domains: v.domains?.length ? v.domains : undefined, district: v.district, minGrade: v.minGrade });
            setCursors([null]);
          }}
        >
          <Form.Item label="名称" name="text">
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="服务领域" name="domains">
            <Select mode="multiple" allowClear options={options(DOMAIN)} style={{ minWidth: 200 }} maxTagCount={2} />
          </Form.Item>
          <Form.Item label="区" name="district">
            <Select allowClear options={NANJING_DISTRICTS.map((d) => ({ value: d, label: d }))} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label="最低等级" name="minGrade">
            <Select allowClear options={options(GRADE)} style={{ width: 110 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            筛选
          </Button>
        </Form>
      </Card>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={page?.nodes ?? []}
          pagination={false}
          locale={{ emptyText: '没有符合条件的社会组织' }}
          scroll={{ x: 800 }}
          columns={[
            { title: '机构名称', dataIndex: 'name', render: (n: string, o) => <Link to={`/organizations/${o.id}`}>{n}</Link> },
            { title: '组织形式', dataIndex: 'form', render: (f: Row['form']) => FORM[f] },
            { title: '评估等级', dataIndex: 'grade', render: (g: EvaluationGrade) => GRADE[g] },
            { title: '所在区', dataIndex: 'district' },
            { title: '服务领域', render: (_: unknown, o) => [...new Set(o.offerings.map((x) => x.domain))].map((d) => <Tag key={d}>{DOMAIN[d]}</Tag>) },
            { title: '绩效', dataIndex: 'performanceScore', render: (p: number | null) => (p === null ? '暂无评价' : p.toFixed(1)) },
          ]}
        />
      )}
      <Space>
        <Typography.Text>共 {page?.totalCount.toLocaleString('zh-CN') ?? '—'} 家</Typography.Text>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!page?.pageInfo.hasNextPage} onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
