import { useMutation } from '@apollo/client/react';
import { Alert, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { SubmitBidDocument } from '../gql/graphql';
import { toDecimal, yuan } from '../lib/format';
import { applyServerError } from '../lib/forms';

/** Bid on a need: the price is checked against the budget while it is typed. */
export function BidModal({
  need,
  open,
  onClose,
  onDone,
}: {
  need: { id: string; title: string; budget: string };
  open: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm<{ price: number; plan: string }>();
  const [submit, { loading }] = useMutation(SubmitBidDocument);
  const [error, setError] = useState<string | null>(null);
  const budget = Number(need.budget);

  async function onOk() {
    setError(null);
    let v: { price: number; plan: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await submit({ variables: { input: { needId: need.id, price: toDecimal(v.price)!, plan: v.plan.trim() } } });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    }
  }

  return (
    <Modal
      title={`投标：${need.title}`}
      open={open}
      onCancel={onClose}
      onOk={onOk}
      okText="提交投标"
      cancelText="取消"
      confirmLoading={loading}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph>项目预算 {yuan(need.budget, 2)}，报价不得高于预算。</Typography.Paragraph>
      <Form form={form} layout="vertical" name="bid">
        <Form.Item
          label="报价（元）"
          name="price"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, message: '请输入报价' },
            {
              validator: async (_r, v) => {
                if (v === undefined || v === null || v === '') return;
                if (!toDecimal(v) || !(Number(v) > 0)) throw new Error('报价须大于0，最多两位小数');
                if (Number(v) > budget) throw new Error(`报价不能高于预算 ${yuan(need.budget, 2)}`);
              },
            },
          ]}
        >
          <InputNumber min={0} step={1000} style={{ width: '100%' }} prefix="¥" />
        </Form.Item>
        <Form.Item
          label="服务方案"
          name="plan"
          rules={[
            { required: true, message: '请填写服务方案' },
            { max: 4000, message: '不超过4000字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="服务内容、人员配置、进度安排" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
      </Form>
    </Modal>
  );
}
