import { Card, Descriptions, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { OrganizationQuery } from '../gql/graphql';
import { yuan } from '../lib/format';
import { DOMAIN, FORM, GRADE } from '../lib/labels';

export type Org = NonNullable<OrganizationQuery['organization']>;
type Offering = Org['offerings'][number];

export function OrganizationProfile({ org, offeringActions, extra }: { org: Org; offeringActions?: (o: Offering) => ReactNode; extra?: ReactNode }) {
  return (
    <>
      <Card title="机构资料" extra={extra}>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label="统一社会信用代码">{org.creditCode}</Descriptions.Item>
          <Descriptions.Item label="组织形式">{FORM[org.form]}</Descriptions.Item>
          <Descriptions.Item label="评估等级">{GRADE[org.grade]}</Descriptions.Item>
          <Descriptions.Item label="所在区">{org.district}</Descriptions.Item>
          <Descriptions.Item label="服务半径">{org.serviceRadiusKm} 公里</Descriptions.Item>
          <Descriptions.Item label="员工 / 持证社工">
            {org.staffCount} / {org.certifiedSocialWorkers}
          </Descriptions.Item>
          <Descriptions.Item label="承接能力">
            在办 {org.activeProjects} / 上限 {org.maxConcurrentProjects}（可再承接 {org.freeCapacity}）
          </Descriptions.Item>
          <Descriptions.Item label="绩效评分">
            {org.performanceScore === null || org.performanceScore === undefined
              ? '暂无评价'
              : `${org.performanceScore.toFixed(1)}（${org.evaluationCount} 次评价）`}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="服务目录" style={{ marginTop: 16 }}>
        <Table<Offering>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={org.offerings}
          locale={{ emptyText: '尚未发布服务' }}
          columns={[
            { title: '服务名称', dataIndex: 'title' },
            { title: '领域', dataIndex: 'domain', render: (d: Offering['domain']) => DOMAIN[d] },
            { title: '价格区间', render: (_: unknown, o) => `${yuan(o.priceMin)} – ${yuan(o.priceMax)}` },
            { title: '年服务人次', dataIndex: 'annualBeneficiaries', render: (n: number) => n.toLocaleString('zh-CN') },
            {
              title: '说明',
              dataIndex: 'description',
              render: (t: string) => (
                <Typography.Text ellipsis={{ tooltip: t }} style={{ maxWidth: 260 }}>
                  {t}
                </Typography.Text>
              ),
            },
            ...(offeringActions ? [{ title: '操作', render: (_: unknown, o: Offering) => offeringActions(o) }] : []),
          ]}
        />
      </Card>
    </>
  );
}
