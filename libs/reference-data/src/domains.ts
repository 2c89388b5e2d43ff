/** The sixteen service domains of the fair's project catalogue (contract enum ServiceDomain). */
export enum ServiceDomain {
  ELDERLY_CARE = 'ELDERLY_CARE', // 养老服务
  MINOR_PROTECTION = 'MINOR_PROTECTION', // 未成年人保护
  LEFT_BEHIND_CHILDREN = 'LEFT_BEHIND_CHILDREN', // 农村留守儿童
  CHARITY_RELIEF = 'CHARITY_RELIEF', // 慈善救助
  DISABILITY_SUPPORT = 'DISABILITY_SUPPORT', // 助残
  COMMUNITY_REHABILITATION = 'COMMUNITY_REHABILITATION', // 社区康复
  MEDIATION_GOVERNANCE = 'MEDIATION_GOVERNANCE', // 调解治理
  COMMUNITY_CORRECTION = 'COMMUNITY_CORRECTION', // 社区矫正
  DRUG_PREVENTION = 'DRUG_PREVENTION', // 禁毒
  HOSPICE_CARE = 'HOSPICE_CARE', // 临终关怀
  MIGRANT_SERVICES = 'MIGRANT_SERVICES', // 外来务工人员及其子女
  EMPLOYMENT_TRAINING = 'EMPLOYMENT_TRAINING', // 就业增能培训
  CULTURE_SPORTS = 'CULTURE_SPORTS', // 文体活动
  COMMUNITY_EDUCATION = 'COMMUNITY_EDUCATION', // 社区教育
  PUBLIC_SAFETY = 'PUBLIC_SAFETY', // 平安建设、应急
  VOLUNTEER_SERVICE = 'VOLUNTEER_SERVICE', // 志愿服务
}
export const SERVICE_DOMAINS: readonly ServiceDomain[] = Object.values(ServiceDomain);

/** 社会组织评估等级. Ordered: UNRATED < A1 < ... < A5. */
export enum EvaluationGrade {
  UNRATED = 'UNRATED',
  A1 = 'A1',
  A2 = 'A2',
  A3 = 'A3',
  A4 = 'A4',
  A5 = 'A5',
}
export const GRADE_RANK: Readonly<Record<EvaluationGrade, number>> = {
  UNRATED: 0,
  A1: 1,
  A2: 2,
  A3: 3,
  A4: 4,
  A5: 5,
};
export const GRADES_BY_RANK: readonly EvaluationGrade[] = [
  EvaluationGrade.UNRATED,
  EvaluationGrade.A1,
  EvaluationGrade.A2,
  EvaluationGrade.A3,
  EvaluationGrade.A4,
  EvaluationGrade.A5,
];

export enum OrganizationForm {
  SOCIAL_GROUP = 'SOCIAL_GROUP', // 社会团体
  SOCIAL_SERVICE_AGENCY = 'SOCIAL_SERVICE_AGENCY', // 社会服务机构（民非）
  FOUNDATION = 'FOUNDATION', // 基金会
  FILED_COMMUNITY_ORG = 'FILED_COMMUNITY_ORG', // 街道备案的社区社会组织
}

export enum FundingSource {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  WELFARE_LOTTERY = 'WELFARE_LOTTERY',
  VENTURE_PHILANTHROPY = 'VENTURE_PHILANTHROPY',
  SOCIAL_DONATION = 'SOCIAL_DONATION',
}
