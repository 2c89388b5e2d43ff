import { useMutation, useQuery } from '@apollo/client/react';
import { App, Select, Space, Typography } from 'antd';
import { useParams } from 'react-router';
import { hasRole, useAuth } from '../app/auth';
import { OrganizationDocument, SetOrganizationGradeDocument, type EvaluationGrade } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { GRADE, options } from '../lib/labels';
import { ErrorState, Loading, NotFound } from '../lib/states';
import { OrganizationProfile } from './OrganizationProfile';

export default function OrganizationPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(OrganizationDocument, { variables: { id } });
  const [setGrade, grading] = useMutation(SetOrganizationGradeDocument);
  if (error && !data) return <ErrorState error={error} retry={() => refetch()} />;
  if (loading && !data) return <Loading />;
  const org = data?.organization;
  if (!org) return <NotFound what="社会组织" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {org.name}
      </Typography.Title>
      <OrganizationProfile
        org={org}
        extra={
          hasRole(me, 'ORGANIZER', 'ADMIN') ? (
            <label>
              核定评估等级{' '}
              <Select<EvaluationGrade>
                aria-label="核定评估等级"
                value={org.grade}
                loading={grading.loading}
                options={options(GRADE)}
                style={{ width: 110 }}
                onChange={async (grade) => {
                  try {
                    await setGrade({ variables: { organizationId: org.id, grade } });
                    message.success(`等级已核定为 ${GRADE[grade]}`);
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              />
            </label>
          ) : undefined
        }
      />
    </Space>
  );
}
