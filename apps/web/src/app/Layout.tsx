import { ColorTag } from '../lib/ColorTag';
import { Button, Layout, Space, Spin } from 'antd';
import type { CSSProperties } from 'react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '../gql/graphql';
import { ROLE } from '../lib/labels';
import { Loading } from '../lib/states';
import { useAuth } from './auth';

interface Item {
  path: string;
  label: string;
  roles?: Role[];
}

const ITEMS: Item[] = [
  { path: '/', label: '首页' },
  { path: '/needs', label: '服务需求' },
  { path: '/organizations', label: '社会组织' },
  { path: '/needs/new', label: '发布需求', roles: ['COMMUNITY'] },
  { path: '/my/needs', label: '我的需求', roles: ['COMMUNITY'] },
  { path: '/my/catalog', label: '机构与服务', roles: ['ORGANIZATION'] },
  { path: '/my/recommended', label: '推荐需求', roles: ['ORGANIZATION'] },
  { path: '/my/bids', label: '我的投标', roles: ['ORGANIZATION'] },
  { path: '/my/proposals', label: '推荐方案', roles: ['ORGANIZATION'] },
  { path: '/organizer', label: '洽谈会管理', roles: ['ORGANIZER'] },
  { path: '/my/import', label: '批量导入', roles: ['COMMUNITY', 'ORGANIZATION', 'ORGANIZER'] },
  { path: '/organizer/complaints', label: '质疑投诉', roles: ['ORGANIZER'] },
  { path: '/contracts', label: '合同', roles: ['COMMUNITY', 'ORGANIZATION', 'ORGANIZER', 'ADMIN'] },
  { path: '/admin/organizers', label: '组织者账号', roles: ['ADMIN'] },
];

// A plain list of links, not antd's Menu: the frame is in every first load, and Menu (with its
// overflow and popup machinery) weighed a fifth of it. Long menus scroll sideways.
const NAV_LIST: CSSProperties = { display: 'flex', gap: 4, margin: 0, padding: 0, listStyle: 'none', overflowX: 'auto', whiteSpace: 'nowrap' };
const NAV_LINK: CSSProperties = { display: 'block', padding: '0 14px', color: 'rgba(255,255,255,0.85)', lineHeight: '64px' };
const NAV_CURRENT: CSSProperties = { ...NAV_LINK, color: '#fff', background: '#b7202e' };

/** The frame of every page except the big screen: the role's menu, who is signed in, the page. */
export function AppLayout() {
  const { me, loading, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const items = ITEMS.filter((i) => !i.roles || (me && i.roles.includes(me.role)));
  const selected = [...items]
    .sort((a, b) => b.path.length - a.path.length)
    .find((i) => (i.path === '/' ? location.pathname === '/' : location.pathname.startsWith(i.path)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24 }}>
        <Link to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          社洽会 · 项目对接平台
        </Link>
        <nav aria-label="主导航" style={{ flex: 1, minWidth: 0 }}>
          <ul style={NAV_LIST}>
            {items.map((i) => (
              <li key={i.path}>
                <Link to={i.path} style={i === selected ? NAV_CURRENT : NAV_LINK} aria-current={i === selected ? 'page' : undefined}>
                  {i.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Space>
          {loading ? (
            <Spin size="small" />
          ) : me ? (
            <>
              <ColorTag tone="gold">{ROLE[me.role]}</ColorTag>
              <span style={{ color: '#fff' }}>{me.community?.name ?? me.organization?.name ?? me.email}</span>
              <Button
                size="small"
                onClick={() => {
                  signOut();
                  navigate('/');
                }}
              >
                退出
              </Button>
            </>
          ) : (
            <>
              <Link to="/login" style={{ color: '#fff' }}>
                登录
              </Link>
              <Link to="/register/community" style={{ color: '#fff' }}>
                注册
              </Link>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <main>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>南京市社区暨社会公益服务项目洽谈会 · 数据公开见各洽谈会的开放数据页</Layout.Footer>
    </Layout>
  );
}
