import { Button } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../gql/graphql';
import { ROLE } from '../lib/labels';
import { Loading, Notice } from '../lib/states';
import { useAuth } from './auth';

/** A page for some roles: sign in first, or a clear refusal for the other roles. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me, loading, token } = useAuth();
  const location = useLocation();
  if (loading || (token && !me)) return <Loading />;
  if (!me)
    return (
      <Notice
        title="请先登录"
        detail={`此页面供${roles.map((r) => ROLE[r]).join('、')}使用。`}
        action={
          <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
            <Button type="primary">去登录</Button>
          </Link>
        }
      />
    );
  if (!roles.includes(me.role)) return <Notice title="没有权限" detail={`此页面供${roles.map((r) => ROLE[r]).join('、')}使用。`} />;
  return <>{children}</>;
}
