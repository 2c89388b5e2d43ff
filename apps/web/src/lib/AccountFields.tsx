import { Form, Input } from 'antd';

/**
 * A new account's e-mail and password, as every form that creates one asks for them
 * (community and organization registration, the admin's organizer accounts): the same
 * rules as the api's (a valid address, at least 10 characters).
 */
export function AccountFields({ passwordLabel = '密码', emailAutoComplete = 'email' }: { passwordLabel?: string; emailAutoComplete?: string }) {
  return (
    <>
      <Form.Item
        label="邮箱"
        name="email"
        rules={[
          { required: true, message: '请输入邮箱' },
          { type: 'email', message: '邮箱格式不正确' },
        ]}
      >
        <Input autoComplete={emailAutoComplete} />
      </Form.Item>
      <Form.Item
        label={passwordLabel}
        name="password"
        rules={[
          { required: true, message: '请输入密码' },
          { min: 10, message: '密码至少10个字符' },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
