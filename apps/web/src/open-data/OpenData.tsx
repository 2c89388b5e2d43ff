import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { OcdsReleasePackageDocument, OpenDataFairDocument } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { date, yuan } from '../lib/format';
import { FAIR_STATUS } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';

/** The fair's Open Contracting (OCDS 1.1) release package: who won and for how much, never who bid before the deadline. */
export default function OpenData() {
  const { fairId = '' } = useParams();
  const client = useApolloClient();
  const { data, loading, error, refetch } = useQuery(OpenDataFairDocument, { variables: { id: fairId } });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const fair = data?.fair;
  if (!fair) return <NotFound what="洽谈会" />;

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      const { data: pkg } = await client.query({ query: OcdsReleasePackageDocument, variables: { fairId }, fetchPolicy: 'network-only' });
      const blob = new Blob([JSON.stringify(pkg?.ocdsReleasePackage, null, 2)], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `ocds-${fairId}.json`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setDownloadError(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        开放数据 · {fair.name}
      </Typography.Title>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="城市">{fair.city}</Descriptions.Item>
          <Descriptions.Item label="日期">
            {date(fair.startsOn)} 至 {date(fair.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label="状态">{FAIR_STATUS[fair.status]}</Descriptions.Item>
          <Descriptions.Item label="已签约">
            {fair.stats.contractsSigned} 份，{yuan(fair.stats.amountSigned)}
          </Descriptions.Item>
        </Descriptions>
        <Button type="primary" onClick={download} loading={downloading} style={{ marginTop: 16 }}>
          下载 OCDS 数据包（JSON）
        </Button>
        {downloadError && <Alert type="error" showIcon title={downloadError} role="alert" style={{ marginTop: 12 }} />}
      </Card>
      <Card title="如何使用">
        <Typography.Paragraph>
          数据包遵循开放缔约数据标准（Open Contracting Data Standard 1.1）的 release package
          格式：每个项目是一个缔约过程（ocid），包括招标（需求、预算、资金来源）、授标（中标组织、金额）和合同（编号、付款节点、履行状态）。
        </Typography.Paragraph>
        <Typography.Paragraph>
          截止投标前不公开投标人和报价；数据包只包含已经公开的结果。可用 OCDS 官方工具（如 OCDS Kit、Data Review Tool）校验和转换为表格，也可用任何 JSON
          工具分析。
        </Typography.Paragraph>
        <Typography.Paragraph>
          开发者也可以直接调用接口：<Typography.Text code>{`POST /graphql  { ocdsReleasePackage(fairId: "${fair.id}") }`}</Typography.Text>
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
