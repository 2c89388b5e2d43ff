import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { CreateOrganizerDocument, OrganizerAccountsDocument } from '../gql/graphql';
import { AccountFields } from '../lib/AccountFields';
import { applyServerError } from '../lib/forms';
import { ErrorState } from '../lib/states';

export default function Organizers() {
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(OrganizerAccountsDocument);
  const [create, creating] = useMutation(CreateOrganizerDocument);
  const [form] = Form.useForm<{ email: string; password: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        组织者账号
      </Typography.Title>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch()} />
      ) : (
        <Table
          rowKey="id"
          loading={loading}
          dataSource={data?.organizers ?? []}
          pagination={false}
          locale={{ emptyText: '还没有组织者账号' }}
          columns={[{ title: '邮箱', dataIndex: 'email' }]}
        />
      )}
      <Card title="新增组织者（民政部门工作人员）">
        <Form
          form={form}
          layout="vertical"
          name="organizer"
          onFinish={async (v) => {
            setFormError(null);
            try {
              await create({ variables: { email: v.email.trim(), password: v.password } });
              message.success('账号已创建');
              form.resetFields();
              await refetch();
            } catch (e) {
              setFormError(applyServerError(form, e));
            }
          }}
        >
          <AccountFields passwordLabel="初始密码" emailAutoComplete="off" />
          {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={creating.loading}>
            创建账号
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
