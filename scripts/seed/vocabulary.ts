/**
 * Words the demo data is made of: what Nanjing's communities ask for in each of
 * the sixteen domains, what organizations call themselves, and how often each
 * kind appears (weights loosely follow the fair's project catalogue: elder care
 * and children's services dominate).
 */
import { EvaluationGrade, FundingSource, OrganizationForm, ServiceDomain } from '@app/reference-data';

export interface DomainVocabulary {
  label: string;
  weight: number;
  beneficiaries: string; // who the service is for
  projects: readonly string[]; // need titles
  organizationKinds: readonly string[]; // what an organization focused on this domain calls itself
}

export const DOMAINS: Readonly<Record<ServiceDomain, DomainVocabulary>> = {
  ELDERLY_CARE: {
    label: '养老服务',
    weight: 18,
    beneficiaries: '老年人',
    projects: ['居家养老助餐服务', '失能老人居家照护', '高龄独居老人关爱探访', '老年人智能手机课堂', '社区老年大学', '认知症老人照护支持'],
    organizationKinds: ['养老服务中心', '居家养老服务中心', '乐龄服务社'],
  },
  MINOR_PROTECTION: {
    label: '未成年人保护',
    weight: 9,
    beneficiaries: '儿童青少年',
    projects: ['困境儿童个案帮扶', '儿童之家课后托管', '青少年心理健康辅导', '暑期儿童安全教育营'],
    organizationKinds: ['青少年事务服务中心', '儿童服务中心'],
  },
  LEFT_BEHIND_CHILDREN: {
    label: '农村留守儿童',
    weight: 4,
    beneficiaries: '留守儿童',
    projects: ['留守儿童亲情陪伴', '留守儿童课业辅导', '乡村儿童阅读角'],
    organizationKinds: ['儿童关爱服务中心'],
  },
  CHARITY_RELIEF: {
    label: '慈善救助',
    weight: 7,
    beneficiaries: '困难群众',
    projects: ['低保家庭精准帮扶', '困难群众微心愿', '慈善超市运营', '临时救助对象跟踪服务'],
    organizationKinds: ['慈善服务中心', '公益服务中心'],
  },
  DISABILITY_SUPPORT: {
    label: '助残',
    weight: 7,
    beneficiaries: '残障人士',
    projects: ['残疾人居家托养', '残障人士职业康复', '助残志愿陪伴', '无障碍出行支持'],
    organizationKinds: ['助残服务中心', '残疾人服务社'],
  },
  COMMUNITY_REHABILITATION: {
    label: '社区康复',
    weight: 5,
    beneficiaries: '康复对象',
    projects: ['精神障碍社区康复', '慢病老人康复训练', '康复器具租借与指导'],
    organizationKinds: ['康复服务中心'],
  },
  MEDIATION_GOVERNANCE: {
    label: '调解治理',
    weight: 6,
    beneficiaries: '居民',
    projects: ['邻里纠纷调解室', '小区议事协商', '物业矛盾化解', '楼栋自治能力建设'],
    organizationKinds: ['社区治理服务中心', '调解服务社'],
  },
  COMMUNITY_CORRECTION: {
    label: '社区矫正',
    weight: 3,
    beneficiaries: '社区矫正对象',
    projects: ['社区矫正对象心理矫治', '社区矫正对象就业帮扶', '刑满释放人员安置帮教'],
    organizationKinds: ['司法社会工作服务中心'],
  },
  DRUG_PREVENTION: {
    label: '禁毒',
    weight: 3,
    beneficiaries: '居民',
    projects: ['禁毒宣传进社区', '社区戒毒康复帮扶', '青少年毒品预防教育'],
    organizationKinds: ['禁毒社会工作服务中心'],
  },
  HOSPICE_CARE: {
    label: '临终关怀',
    weight: 2,
    beneficiaries: '临终病人及家属',
    projects: ['安宁疗护居家支持', '哀伤辅导', '生命教育讲座'],
    organizationKinds: ['安宁疗护服务中心'],
  },
  MIGRANT_SERVICES: {
    label: '外来务工人员及其子女',
    weight: 5,
    beneficiaries: '新市民',
    projects: ['新市民融入服务', '务工人员子女四点半课堂', '外来务工人员法律援助'],
    organizationKinds: ['新市民服务中心'],
  },
  EMPLOYMENT_TRAINING: {
    label: '就业增能培训',
    weight: 5,
    beneficiaries: '求职居民',
    projects: ['失业人员技能培训', '妇女手工创业增能', '残疾人就业辅导'],
    organizationKinds: ['就业服务中心', '职业技能培训中心'],
  },
  CULTURE_SPORTS: {
    label: '文体活动',
    weight: 8,
    beneficiaries: '居民',
    projects: ['社区文化节', '全民健身活动', '社区合唱团培育', '非遗手工体验'],
    organizationKinds: ['文化服务中心', '文体协会'],
  },
  COMMUNITY_EDUCATION: {
    label: '社区教育',
    weight: 7,
    beneficiaries: '居民',
    projects: ['家庭教育指导', '社区读书会', '垃圾分类宣教', '四点半课堂'],
    organizationKinds: ['社区教育服务中心', '家庭教育指导中心'],
  },
  PUBLIC_SAFETY: {
    label: '平安建设、应急',
    weight: 5,
    beneficiaries: '居民',
    projects: ['社区应急演练', '防范电信诈骗宣传', '消防安全入户检查', '应急救护培训'],
    organizationKinds: ['应急救援服务中心', '平安建设促进会'],
  },
  VOLUNTEER_SERVICE: {
    label: '志愿服务',
    weight: 6,
    beneficiaries: '居民',
    projects: ['社区志愿者队伍培育', '时间银行志愿服务', '志愿服务站点运营'],
    organizationKinds: ['志愿服务中心', '志愿者协会'],
  },
};

/** Related domains: an organization often offers a neighbour of its main domain too. */
export const NEIGHBOUR_DOMAINS: Readonly<Partial<Record<ServiceDomain, readonly ServiceDomain[]>>> = {
  ELDERLY_CARE: [ServiceDomain.HOSPICE_CARE, ServiceDomain.COMMUNITY_REHABILITATION, ServiceDomain.VOLUNTEER_SERVICE],
  MINOR_PROTECTION: [ServiceDomain.LEFT_BEHIND_CHILDREN, ServiceDomain.COMMUNITY_EDUCATION],
  LEFT_BEHIND_CHILDREN: [ServiceDomain.MINOR_PROTECTION, ServiceDomain.COMMUNITY_EDUCATION],
  DISABILITY_SUPPORT: [ServiceDomain.COMMUNITY_REHABILITATION, ServiceDomain.EMPLOYMENT_TRAINING],
  COMMUNITY_REHABILITATION: [ServiceDomain.DISABILITY_SUPPORT, ServiceDomain.ELDERLY_CARE],
  COMMUNITY_CORRECTION: [ServiceDomain.DRUG_PREVENTION, ServiceDomain.MEDIATION_GOVERNANCE],
  DRUG_PREVENTION: [ServiceDomain.COMMUNITY_CORRECTION, ServiceDomain.PUBLIC_SAFETY],
  MIGRANT_SERVICES: [ServiceDomain.EMPLOYMENT_TRAINING, ServiceDomain.MINOR_PROTECTION],
  CULTURE_SPORTS: [ServiceDomain.VOLUNTEER_SERVICE, ServiceDomain.COMMUNITY_EDUCATION],
};

/** Community name roots: place names heard across the city. */
export const COMMUNITY_ROOTS = [
  '锁金',
  '梅园',
  '兰园',
  '后宰门',
  '月苑',
  '龙江',
  '宁海',
  '南湖',
  '莫愁',
  '沙洲',
  '江心',
  '兴隆',
  '奥体',
  '雨花',
  '铁心',
  '西善',
  '板桥',
  '东山',
  '百家湖',
  '翠屏',
  '竹山',
  '天元',
  '秣陵',
  '麒麟',
  '仙林',
  '尧化',
  '迈皋',
  '燕子矶',
  '马群',
  '江浦',
  '珠江',
  '泰山',
  '顶山',
  '雄州',
  '龙袍',
  '永阳',
  '柘塘',
  '淳溪',
  '古柏',
  '石城',
  '清凉',
  '五台',
  '汉中',
  '评事',
  '秦淮',
  '夫子',
  '中华',
  '光华',
  '瑞金',
  '御道',
  '紫金',
  '玄武',
  '北京东',
  '珍珠',
  '虹苑',
  '银城',
  '凤凰',
  '江东',
  '草场',
  '阅江',
  '幕府',
  '金川',
  '丁家',
  '红山',
  '孝陵',
  '卫岗',
  '钟山',
  '九华',
  '玉桥',
  '朝天',
  '颐和',
  '湖西',
  '莲花',
  '双龙',
  '菊花',
  '油坊',
  '春江',
  '滨江',
  '金陵',
  '桃园',
];
export const COMMUNITY_SUFFIXES = ['社区', '新村社区', '花园社区', '东社区', '西社区', '南社区', '北社区', '路社区', '苑社区', '里社区', '村社区', '街社区'];

/** Organization name words. */
export const ORGANIZATION_WORDS = [
  '乐龄',
  '阳光',
  '同心',
  '善行',
  '春晖',
  '暖阳',
  '心桥',
  '彩虹',
  '和众',
  '益家',
  '邻里',
  '启明',
  '守望',
  '爱德',
  '仁爱',
  '众益',
  '悦享',
  '青禾',
  '知行',
  '博爱',
  '安康',
  '晨曦',
  '微光',
  '携手',
  '慧心',
  '向阳',
  '德馨',
  '金陵',
  '紫金',
  '石城',
  '扬子',
  '钟山',
  '汇善',
  '惠民',
  '点亮',
  '萤火',
  '协力',
  '乐群',
  '合力',
  '共享',
  '心语',
  '馨家',
  '夕阳红',
  '百合',
  '蒲公英',
  '葵花',
  '鹤鸣',
  '长青',
];

export const FORMS: readonly (readonly [OrganizationForm, number])[] = [
  [OrganizationForm.SOCIAL_SERVICE_AGENCY, 58],
  [OrganizationForm.SOCIAL_GROUP, 15],
  [OrganizationForm.FOUNDATION, 4],
  [OrganizationForm.FILED_COMMUNITY_ORG, 23],
];

/** 统一社会信用代码: registration authority 5 (civil affairs) and the kind of organization. */
export const CREDIT_CODE_PREFIX: Readonly<Record<OrganizationForm, string>> = {
  SOCIAL_GROUP: '51',
  SOCIAL_SERVICE_AGENCY: '52',
  FOUNDATION: '53',
  FILED_COMMUNITY_ORG: '59',
};

/** 行政区划代码 of Nanjing's districts (the 3rd–8th characters of a credit code). */
export const DISTRICT_CODES: Readonly<Record<string, string>> = {
  玄武区: '320102',
  秦淮区: '320104',
  建邺区: '320105',
  鼓楼区: '320106',
  浦口区: '320111',
  栖霞区: '320113',
  雨花台区: '320114',
  江宁区: '320115',
  六合区: '320116',
  溧水区: '320117',
  高淳区: '320118',
};

/** How many of the city's needs and organizations each district has (urban districts are denser). */
export const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  玄武区: 9,
  秦淮区: 10,
  建邺区: 9,
  鼓楼区: 12,
  浦口区: 8,
  栖霞区: 9,
  雨花台区: 7,
  江宁区: 14,
  六合区: 7,
  溧水区: 6,
  高淳区: 5,
};

export const FORM_KINDS: Readonly<Record<OrganizationForm, readonly string[]>> = {
  SOCIAL_SERVICE_AGENCY: ['社会工作服务中心', '社工事务所', '公益服务中心'],
  SOCIAL_GROUP: ['志愿者协会', '公益促进会', '社会工作协会', '慈善协会'],
  FOUNDATION: ['公益基金会', '慈善基金会', '社区发展基金会'],
  FILED_COMMUNITY_ORG: ['志愿服务队', '睦邻互助会', '文体队', '银发服务队', '巧手工作室'],
};

export const GRADES: readonly (readonly [EvaluationGrade, number])[] = [
  [EvaluationGrade.UNRATED, 35],
  [EvaluationGrade.A1, 5],
  [EvaluationGrade.A2, 10],
  [EvaluationGrade.A3, 25],
  [EvaluationGrade.A4, 17],
  [EvaluationGrade.A5, 8],
];

/** The grade a need asks for at least: most ask for none, few for 4A or 5A. */
export const MIN_GRADES: readonly (readonly [EvaluationGrade, number])[] = [
  [EvaluationGrade.UNRATED, 45],
  [EvaluationGrade.A1, 5],
  [EvaluationGrade.A2, 10],
  [EvaluationGrade.A3, 25],
  [EvaluationGrade.A4, 12],
  [EvaluationGrade.A5, 3],
];

export const FUNDING: readonly (readonly [FundingSource, number])[] = [
  [FundingSource.CITY, 15],
  [FundingSource.DISTRICT, 30],
  [FundingSource.STREET, 25],
  [FundingSource.WELFARE_LOTTERY, 15],
  [FundingSource.VENTURE_PHILANTHROPY, 10],
  [FundingSource.SOCIAL_DONATION, 5],
];
