import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CreateFairDocument, OrganizerFairsDocument, type OrganizerFairsQuery } from '../gql/graphql';
import { date } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { FAIR_STATUS } from '../lib/labels';
import { ErrorState } from '../lib/states';

type Fair = OrganizerFairsQuery['fairs'][number];

export default function OrganizerFairs() {
  const { data, loading, error, refetch } = useQuery(OrganizerFairsDocument);
  const [create, creating] = useMutation(CreateFairDocument);
  const [form] = Form.useForm<{ name: string; city: string; startsOn: string; endsOn: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        洽谈会管理
      </Typography.Title>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table<Fair>
          rowKey="id"
          loading={loading}
          dataSource={data?.fairs ?? []}
          pagination={false}
          locale={{ emptyText: '还没有洽谈会，在下方创建' }}
          columns={[
            { title: '名称', dataIndex: 'name', render: (n: string, f) => <Link to={`/organizer/fairs/${f.id}`}>{n}</Link> },
            { title: '城市', dataIndex: 'city' },
            { title: '日期', render: (_: unknown, f) => `${date(f.startsOn)} – ${date(f.endsOn)}` },
            { title: '状态', dataIndex: 'status', render: (s: Fair['status']) => <Tag>{FAIR_STATUS[s]}</Tag> },
            { title: '大屏', render: (_: unknown, f) => <Link to={`/screen/${f.id}`}>打开大屏</Link> },
          ]}
        />
      )}
      <Card title="创建洽谈会">
        <Form
          form={form}
          layout="vertical"
          name="fair"
          initialValues={{ city: '南京市' }}
          onFinish={async (v) => {
            setFormError(null);
            try {
              const { data: created } = await create({ variables: { input: { ...v, name: v.name.trim() } } });
              if (created) navigate(`/organizer/fairs/${created.createFair.id}`);
            } catch (e) {
              setFormError(applyServerError(form, e));
            }
          }}
        >
          <Form.Item label="洽谈会名称" name="name" rules={[{ required: true, message: '请输入名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="城市" name="city" rules={[{ required: true, message: '请输入城市' }]}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item label="开幕日期" name="startsOn" rules={[{ required: true, message: '请选择日期' }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item label="闭幕日期" name="endsOn" rules={[{ required: true, message: '请选择日期' }]}>
              <Input type="date" />
            </Form.Item>
          </Space>
          {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={creating.loading}>
            创建
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
