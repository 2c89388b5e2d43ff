import { EvaluationGrade, FundingSource, ServiceDomain } from './domains';

/** The Chinese names users read and type (import templates and their notes) for the enums; the web app shows the same. */
export const DOMAIN_ZH: Readonly<Record<ServiceDomain, string>> = {
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

export const FUNDING_ZH: Readonly<Record<FundingSource, string>> = {
  CITY: '市级财政',
  DISTRICT: '区级财政',
  STREET: '街道经费',
  WELFARE_LOTTERY: '福彩公益金',
  VENTURE_PHILANTHROPY: '公益创投',
  SOCIAL_DONATION: '社会捐赠',
};

export const GRADE_ZH: Readonly<Record<EvaluationGrade, string>> = { UNRATED: '未评估', A1: '1A', A2: '2A', A3: '3A', A4: '4A', A5: '5A' };
