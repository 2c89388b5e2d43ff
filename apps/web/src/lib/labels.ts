import type {
  BidStatus,
  ContractStatus,
  EvaluationGrade,
  FairStatus,
  FairZone,
  FundingSource,
  NeedStatus,
  OrganizationForm,
  ProposalStatus,
  Role,
  RunStatus,
  ServiceDomain,
  SessionStatus,
} from '../gql/graphql';

/** The Chinese names users read for the contract's enums. */
export const DOMAIN: Record<ServiceDomain, string> = {
  ELDERLY_CARE: '养老服务',
  MINOR_PROTECTION: '未成年人保护',
  LEFT_BEHIND_CHILDREN: '农村留守儿童',
  CHARITY_RELIEF: '慈善救助',
  DISABILITY_SUPPORT: '助残',
  COMMUNITY_REHABILITATION: '社区康复',
  MEDIATION_GOVERNANCE: '调解治理',
  COMMUNITY_CORRECTION: '社区矫正',
  DRUG_PREVENTION: '禁毒',
  HOSPICE_CARE: '临终关怀',
  MIGRANT_SERVICES: '外来务工人员及其子女',
  EMPLOYMENT_TRAINING: '就业增能培训',
  CULTURE_SPORTS: '文体活动',
  COMMUNITY_EDUCATION: '社区教育',
  PUBLIC_SAFETY: '平安建设、应急',
  VOLUNTEER_SERVICE: '志愿服务',
};
export const GRADE: Record<EvaluationGrade, string> = { UNRATED: '未评估', A1: '1A', A2: '2A', A3: '3A', A4: '4A', A5: '5A' };
export const FORM: Record<OrganizationForm, string> = {
  SOCIAL_GROUP: '社会团体',
  SOCIAL_SERVICE_AGENCY: '社会服务机构（民非）',
  FOUNDATION: '基金会',
  FILED_COMMUNITY_ORG: '街道备案的社区社会组织',
};
export const FUNDING: Record<FundingSource, string> = {
  CITY: '市级财政',
  DISTRICT: '区级财政',
  STREET: '街道经费',
  WELFARE_LOTTERY: '福彩公益金',
  VENTURE_PHILANTHROPY: '公益创投',
  SOCIAL_DONATION: '社会捐赠',
};
export const NEED_STATUS: Record<NeedStatus, { text: string; color: string }> = {
  DRAFT: { text: '草稿', color: 'default' },
  PUBLISHED: { text: '已发布', color: 'blue' },
  MATCHED: { text: '已匹配', color: 'purple' },
  CONTRACTED: { text: '已签约', color: 'green' },
  CLOSED: { text: '已结束', color: 'default' },
  WITHDRAWN: { text: '已撤回', color: 'orange' },
};
export const FAIR_STATUS: Record<FairStatus, string> = { PLANNED: '筹备中', OPEN: '进行中', CLOSED: '已闭幕' };
export const ZONE: Record<FairZone, string> = {
  EXHIBITION: '综合展示区',
  DISTRICT_PROJECTS: '区街项目区',
  BRAND_ORGANIZATIONS: '品牌机构区',
  NEGOTIATION: '洽谈发布区',
  ACTIVITY_EXPERIENCE: '活动体验区',
};
export const SESSION_STATUS: Record<SessionStatus, { text: string; color: string }> = {
  OPEN: { text: '投标中', color: 'green' },
  CLOSED_FOR_BIDS: { text: '已截止投标', color: 'orange' },
  MATCHED: { text: '已撮合', color: 'purple' },
  CLOSED: { text: '已结束', color: 'default' },
};
export const BID_STATUS: Record<BidStatus, { text: string; color: string }> = {
  SUBMITTED: { text: '已投标', color: 'blue' },
  WITHDRAWN: { text: '已撤回', color: 'default' },
  AWARDED: { text: '中标', color: 'green' },
  REJECTED: { text: '未中标', color: 'red' },
};
export const PROPOSAL_STATUS: Record<ProposalStatus, { text: string; color: string }> = {
  PROPOSED: { text: '待确认', color: 'blue' },
  ACCEPTED: { text: '已接受', color: 'cyan' },
  DECLINED: { text: '已婉拒', color: 'default' },
  CONTRACTED: { text: '已签约', color: 'green' },
  EXPIRED: { text: '已失效', color: 'default' },
};
export const CONTRACT_STATUS: Record<ContractStatus, { text: string; color: string }> = {
  PENDING_SIGNATURE: { text: '待签署', color: 'orange' },
  SIGNED: { text: '已签署', color: 'blue' },
  ACTIVE: { text: '履行中', color: 'cyan' },
  COMPLETED: { text: '已完成', color: 'green' },
  TERMINATED: { text: '已终止', color: 'red' },
};
export const RUN_STATUS: Record<RunStatus, { text: string; color: string }> = {
  QUEUED: { text: '排队中', color: 'default' },
  RUNNING: { text: '运行中', color: 'blue' },
  SUCCEEDED: { text: '已完成', color: 'green' },
  FAILED: { text: '失败', color: 'red' },
};
export const ROLE: Record<Role, string> = { COMMUNITY: '社区', ORGANIZATION: '社会组织', ORGANIZER: '民政部门', ADMIN: '系统管理员' };
export const SCORE_COMPONENT: Record<'domain' | 'capacity' | 'grade' | 'distance' | 'price' | 'performance', string> = {
  domain: '领域匹配',
  capacity: '承接能力',
  grade: '评估等级',
  distance: '服务距离',
  price: '报价',
  performance: '过往绩效',
};
export const NANJING_DISTRICTS = ['玄武区', '秦淮区', '建邺区', '鼓楼区', '浦口区', '栖霞区', '雨花台区', '江宁区', '六合区', '溧水区', '高淳区'];

export const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
