import { useMutation } from '@apollo/client/react';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../app/auth';
import { LoginDocument, type Role } from '../gql/graphql';
import { errorMessage } from '../lib/errors';

export const HOME_OF: Record<Role, string> = { COMMUNITY: '/my/needs', ORGANIZATION: '/my/recommended', ORGANIZER: '/organizer', ADMIN: '/admin/organizers' };

export default function Login() {
  const [login, { loading }] = useMutation(LoginDocument);
  const [error, setError] = useState<string | null>(null);
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  async function onFinish(values: { email: string; password: string }) {
    setError(null);
    try {
      const { data } = await login({ variables: { email: values.email.trim(), password: values.password } });
      if (!data) return;
      signIn(data.login.token);
      const next = params.get('next');
      navigate(next && next.startsWith('/') ? next : HOME_OF[data.login.user.role], { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    // A plain frame and heading (not antd's Card and Typography): the sign-in page is many users' first load.
    <div style={{ maxWidth: 420, margin: '48px auto', padding: 24, background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8 }}>
      <h1 style={{ fontSize: 24, fontWeight: 600, margin: '0 0 16px' }}>登录</h1>
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} name="login">
        <Form.Item
          label="邮箱"
          name="email"
          rules={[
            { required: true, message: '请输入邮箱' },
            { type: 'email', message: '邮箱格式不正确' },
          ]}
        >
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={loading}>
          登录
        </Button>
      </Form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        还没有账号？<Link to="/register/community">社区注册</Link> · <Link to="/register/organization">社会组织注册</Link>
      </p>
    </div>
  );
}
