import { useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../app/auth';
import { RegisterCommunityDocument } from '../gql/graphql';
import { AccountFields } from '../lib/AccountFields';
import { applyServerError } from '../lib/forms';
import { NANJING_DISTRICTS } from '../lib/labels';
import { DISTRICT_CENTRES } from './district-centres';

interface Values {
  email: string;
  password: string;
  name: string;
  district: string;
  street: string;
  lat: number;
  lng: number;
  households?: number;
}

export default function RegisterCommunity() {
  const [form] = Form.useForm<Values>();
  const [register, { loading }] = useMutation(RegisterCommunityDocument);
  const [error, setError] = useState<string | null>(null);
  const { signIn } = useAuth();
  const navigate = useNavigate();

  async function onFinish(v: Values) {
    setError(null);
    try {
      const { data } = await register({
        variables: {
          input: {
            email: v.email.trim(),
            password: v.password,
            name: v.name.trim(),
            district: v.district,
            street: v.street.trim(),
            location: { lat: v.lat, lng: v.lng },
            households: v.households ?? null,
          },
        },
      });
      if (!data) return;
      signIn(data.registerCommunity.token);
      navigate('/my/needs', { replace: true });
    } catch (e) {
      setError(applyServerError(form, e));
    }
  }

  return (
    <Card style={{ maxWidth: 640, margin: '24px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        社区注册
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        社区在平台上发布服务需求、确认推荐方案并签订合同。社会组织请走<Link to="/register/organization">社会组织注册</Link>。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} name="community">
        <Form.Item
          label="社区名称"
          name="name"
          rules={[
            { required: true, message: '请输入社区名称' },
            { min: 2, message: '至少2个字' },
          ]}
        >
          <Input />
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
        <Form.Item label="街道" name="street" rules={[{ required: true, message: '请输入街道' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="纬度" name="lat" rules={[{ required: true, message: '请输入纬度' }]} extra="选择所在区后自动填入区中心，可改为社区的实际位置">
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="经度" name="lng" rules={[{ required: true, message: '请输入经度' }]}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="户数" name="households">
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
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
