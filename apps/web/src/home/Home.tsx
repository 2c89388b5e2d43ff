import { ColorTag } from '../lib/ColorTag';
import { useQuery } from '@apollo/client/react';
import { Button, Col, Row, Space, Statistic } from 'antd';
import { Link } from 'react-router';
import { hasRole, useAuth } from '../app/auth';
import { HomeFairsDocument, type Role } from '../gql/graphql';
import { date, yuan } from '../lib/format';
import { FAIR_STATUS, ROLE } from '../lib/labels';
import { Panel } from '../lib/Panel';
import { QueryState } from '../lib/states';

const WORK: Record<Role, { to: string; title: string; text: string }[]> = {
  COMMUNITY: [
    { to: '/needs/new', title: '发布服务需求', text: '写明服务领域、对象人数、预算和时间，发布后进入洽谈会。' },
    { to: '/my/needs', title: '我的需求', text: '查看各需求的状态、推荐方案和评分构成，接受或婉拒。' },
    { to: '/contracts', title: '合同', text: '签署合同、确认节点付款、完成并评价服务。' },
  ],
  ORGANIZATION: [
    { to: '/my/recommended', title: '推荐需求', text: '按匹配度排序的可承接需求，直接投标。' },
    { to: '/my/bids', title: '我的投标', text: '投标状态与截止倒计时，截止前可撤回。' },
    { to: '/my/proposals', title: '推荐方案', text: '撮合后推荐给本机构的项目，确认承接。' },
    { to: '/my/catalog', title: '机构与服务', text: '机构资料和服务目录（价格区间、年服务人次）。' },
  ],
  ORGANIZER: [{ to: '/organizer', title: '洽谈会管理', text: '创建洽谈会和场次、截止投标、运行撮合、核定等级、查看审计记录。' }],
  ADMIN: [{ to: '/admin/organizers', title: '组织者账号', text: '为民政部门工作人员开设账号。' }],
};

const H2 = { fontSize: 20, fontWeight: 600, margin: '0 0 12px' };

export default function Home() {
  const { me } = useAuth();
  const { data, loading, error, refetch } = useQuery(HomeFairsDocument);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <h1 style={{ fontSize: 28, margin: '0 0 12px', fontWeight: 600 }}>社区暨社会公益服务项目洽谈会</h1>
        <p>社区发布服务需求，社会组织展示服务并投标，平台按领域、能力、等级、距离、报价和绩效撮合，确认后签订合同。</p>
        {!me && (
          <Space>
            <Link to="/login">
              <Button type="primary">登录</Button>
            </Link>
            <Link to="/register/community">
              <Button>社区注册</Button>
            </Link>
            <Link to="/register/organization">
              <Button>社会组织注册</Button>
            </Link>
          </Space>
        )}
      </div>
      {me && (
        <section aria-labelledby="work-title">
          <h2 id="work-title" style={H2}>
            {ROLE[me.role]}工作台
          </h2>
          <Row gutter={[16, 16]}>
            {WORK[me.role].map((w) => (
              <Col xs={24} md={12} lg={6} key={w.to}>
                <Link to={w.to}>
                  <Panel title={w.title}>{w.text}</Panel>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
      )}
      <section aria-labelledby="fairs-title">
        <h2 id="fairs-title" style={H2}>
          当前洽谈会
        </h2>
        <QueryState loading={loading} error={error} data={data?.fairs} retry={() => refetch()} isEmpty={(f) => f.length === 0} empty="暂无洽谈会">
          {(fairs) => (
            <Row gutter={[16, 16]}>
              {fairs.map((fair) => (
                <Col span={24} key={fair.id}>
                  <Panel
                    title={
                      <Space>
                        {fair.name}
                        <ColorTag tone={fair.status === 'OPEN' ? 'green' : 'default'}>{FAIR_STATUS[fair.status]}</ColorTag>
                      </Space>
                    }
                    extra={
                      <Space wrap>
                        <Link to={`/screen/${fair.id}`}>大屏</Link>
                        <Link to={`/needs?fairId=${fair.id}`}>项目</Link>
                        <Link to={`/open-data/${fair.id}`}>开放数据</Link>
                        {hasRole(me, 'ORGANIZER') && <Link to={`/organizer/fairs/${fair.id}`}>管理</Link>}
                      </Space>
                    }
                  >
                    <p style={{ color: 'rgba(0,0,0,0.68)', marginTop: 0 }}>
                      {fair.city} · {date(fair.startsOn)} 至 {date(fair.endsOn)}
                    </p>
                    <Row gutter={16}>
                      <Col xs={12} md={4}>
                        <Statistic title="发布项目" value={fair.stats.needsListed} />
                      </Col>
                      <Col xs={12} md={5}>
                        <Statistic title="参与组织" value={fair.stats.organizationsParticipating} />
                      </Col>
                      <Col xs={12} md={5}>
                        <Statistic title="投标" value={fair.stats.bidsSubmitted} />
                      </Col>
                      <Col xs={12} md={5}>
                        <Statistic title="签约" value={fair.stats.contractsSigned} />
                      </Col>
                      <Col xs={24} md={5}>
                        <Statistic title="签约金额" value={yuan(fair.stats.amountSigned)} />
                      </Col>
                    </Row>
                  </Panel>
                </Col>
              ))}
            </Row>
          )}
        </QueryState>
      </section>
    </Space>
  );
}
