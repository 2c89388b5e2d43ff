import { useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../app/auth';
import { RegisterOrganizationDocument, type OrganizationForm } from '../gql/graphql';
import { creditCodeProblem } from '../lib/credit-code';
import { AccountFields } from '../lib/AccountFields';
import { applyServerError } from '../lib/forms';
import { FORM, NANJING_DISTRICTS, options } from '../lib/labels';
import { DISTRICT_CENTRES } from './district-centres';

interface Values {
  email: string;
  password: string;
  name: string;
  creditCode: string;
  form: OrganizationForm;
  district: string;
  lat: number;
  lng: number;
  serviceRadiusKm: number;
  certifiedSocialWorkers: number;
  staffCount: number;
  maxConcurrentProjects: number;
}

export default function RegisterOrganization() {
  const [form] = Form.useForm<Values>();
  const [register, { loading }] = useMutation(RegisterOrganizationDocument);
  const [error, setError] = useState<string | null>(null);
  const { signIn } = useAuth();
  const navigate = useNavigate();

  async function onFinish(v: Values) {
    setError(null);
    try {
      const { lat, lng, ...rest } = v;
      const { data } = await register({
        variables: { input: { ...rest, email: v.email.trim(), name: v.name.trim(), creditCode: v.creditCode.trim().toUpperCase(), location: { lat, lng } } },
      });
      if (!data) return;
      signIn(data.registerOrganization.token);
      navigate('/my/catalog', { replace: true });
    } catch (e) {
      setError(applyServerError(form, e));
    }
  }

  return (
    <Card style={{ maxWidth: 640, margin: '24px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        社会组织注册
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        注册后发布服务目录、查看推荐需求并投标。评估等级由民政部门核定。社区请走<Link to="/register/community">社区注册</Link>。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        name="organization"
        initialValues={{ serviceRadiusKm: 10, certifiedSocialWorkers: 0, staffCount: 1, maxConcurrentProjects: 1 }}
      >
        <Form.Item
          label="机构名称"
          name="name"
          rules={[
            { required: true, message: '请输入机构名称' },
            { min: 2, message: '至少2个字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          hasFeedback
          rules={[
            { required: true, message: '请输入统一社会信用代码' },
            { validator: async (_r, value: string) => (value && creditCodeProblem(value) ? Promise.reject(new Error(creditCodeProblem(value)!)) : undefined) },
          ]}
        >
          <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item label="组织形式" name="form" rules={[{ required: true, message: '请选择组织形式' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options(FORM)} />
        </Form.Item>
        <Form.Item label="所在区" name="district" rules={[{ required: true, message: '请选择所在区' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={NANJING_DISTRICTS.map((d) => ({ value: d, label: d }))}
            onChange={(d: string) => {
              const c = DISTRICT_CENTRES[d];
              if (c && form.getFieldValue('lat') === undefined) form.setFieldsValue({ lat: c.lat, lng: c.lng });
            }}
          />
        </Form.Item>
        <Form.Item label="纬度" name="lat" rules={[{ required: true, message: '请输入纬度' }]}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="经度" name="lng" rules={[{ required: true, message: '请输入经度' }]}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="服务半径（公里）" name="serviceRadiusKm" rules={[{ required: true, message: '请输入服务半径' }]}>
          <InputNumber min={0.1} max={500} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="持证社工人数" name="certifiedSocialWorkers" rules={[{ required: true, message: '请输入人数' }]}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="员工人数" name="staffCount" rules={[{ required: true, message: '请输入人数' }]}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="可同时承接项目数" name="maxConcurrentProjects" rules={[{ required: true, message: '请输入项目数' }]}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <AccountFields />
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={loading}>
          注册
        </Button>
      </Form>
    </Card>
  );
}
