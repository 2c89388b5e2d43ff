import { Typography } from 'antd';
import ContractTable from './ContractTable';

export default function ContractList() {
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        合同
      </Typography.Title>
      <ContractTable />
    </>
  );
}
