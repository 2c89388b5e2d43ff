import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../app/auth';
import { AddOfferingDocument, OrganizationDocument, RemoveOfferingDocument, type ServiceDomain } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { toDecimal } from '../lib/format';
import { applyServerError } from '../lib/forms';
import { DOMAIN, options } from '../lib/labels';
import { ErrorState, Loading } from '../lib/states';
import { OrganizationProfile } from './OrganizationProfile';

interface OfferingValues {
  domain: ServiceDomain;
  title: string;
  description: string;
  priceMin: number;
  priceMax: number;
  annualBeneficiaries: number;
}

export default function MyCatalog() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const id = me!.organization!.id;
  const { data, loading, error, refetch } = useQuery(OrganizationDocument, { variables: { id } });
  const [add, adding] = useMutation(AddOfferingDocument);
  const [remove] = useMutation(RemoveOfferingDocument);
  const [form] = Form.useForm<OfferingValues>();
  const [formError, setFormError] = useState<string | null>(null);

  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const org = data!.organization!;

  async function onFinish(v: OfferingValues) {
    setFormError(null);
    try {
      await add({
        variables: {
          input: { ...v, title: v.title.trim(), description: v.description.trim(), priceMin: toDecimal(v.priceMin)!, priceMax: toDecimal(v.priceMax)! },
        },
      });
      message.success('服务已加入目录');
      form.resetFields();
      await refetch();
    } catch (e) {
      setFormError(applyServerError(form, e));
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {org.name}
      </Typography.Title>
      <OrganizationProfile
        org={org}
        offeringActions={(o) => (
          <Popconfirm
            title="从目录中移除该服务？"
            okText="移除"
            cancelText="取消"
            onConfirm={async () => {
              try {
                await remove({ variables: { id: o.id } });
                await refetch();
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
          >
            <Button size="small" danger>
              移除
            </Button>
          </Popconfirm>
        )}
      />
      <Card title="新增服务">
        <Form form={form} layout="vertical" name="offering" onFinish={onFinish}>
          <Form.Item label="服务领域" name="domain" rules={[{ required: true, message: '请选择服务领域' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={options(DOMAIN)} />
          </Form.Item>
          <Form.Item label="服务名称" name="title" rules={[{ required: true, message: '请输入服务名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="服务说明" name="description" rules={[{ required: true, message: '请输入服务说明' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="最低价格（元）" name="priceMin" rules={[{ required: true, message: '请输入最低价格' }]}>
              <InputNumber min={0} step={1000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              label="最高价格（元）"
              name="priceMax"
              dependencies={['priceMin']}
              rules={[
                { required: true, message: '请输入最高价格' },
                ({ getFieldValue }) => ({
                  validator: async (_r, v) =>
                    v !== undefined && v < (getFieldValue('priceMin') ?? 0) ? Promise.reject(new Error('最高价格不能低于最低价格')) : undefined,
                }),
              ]}
            >
              <InputNumber min={0} step={1000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item label="年服务人次" name="annualBeneficiaries" rules={[{ required: true, message: '请输入年服务人次' }]}>
              <InputNumber min={0} precision={0} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={adding.loading}>
            加入目录
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
