import { choiceCell, dateCell, ImportColumn, intCell, textCell, yesNoCell, yuanCell } from '@app/core';
import { DOMAIN_ZH, FUNDING_ZH, GRADE_ZH } from '@app/reference-data';

/** The community a row is for: required of an organizer, optional (and only its own) for a community. */
export const COMMUNITY_COLUMN: ImportColumn = {
  header: '社区',
  field: 'community',
  required: false,
  parse: textCell(),
  example: '锁金村社区',
  note: '组织者导入时必填：社区名称（与注册时一致，且唯一）或社区编号；社区账号导入时可留空，只能导入本社区的需求',
};

/** The needs booklet's columns (需求手册), each filling a field of postNeed's PostNeedInput. */
export const NEED_COLUMNS: readonly ImportColumn[] = [
  { header: '项目名称', field: 'title', required: true, parse: textCell(), example: '锁金村老年人助餐服务', note: '2 至 120 个字' },
  {
    header: '项目简介',
    field: 'description',
    required: true,
    parse: textCell(),
    example: '为社区 80 岁以上独居老人提供每日午餐配送与探访',
    note: '1 至 4000 个字',
  },
  {
    header: '服务领域',
    field: 'domain',
    required: true,
    parse: choiceCell('domain', DOMAIN_ZH),
    example: DOMAIN_ZH.ELDERLY_CARE,
    note: '见下方「服务领域可选值」',
  },
  { header: '服务对象人数', field: 'beneficiaries', required: true, parse: intCell('beneficiaries'), example: 120, note: '1 至 10000000 的整数' },
  { header: '预算（元）', field: 'budget', required: true, parse: yuanCell('budget'), example: '48000.00', note: '大于 0 的金额，单位元，最多两位小数' },
  {
    header: '资金来源',
    field: 'fundingSource',
    required: true,
    parse: choiceCell('fundingSource', FUNDING_ZH),
    example: FUNDING_ZH.STREET,
    note: '见下方「资金来源可选值」',
  },
  {
    header: '最低评估等级',
    field: 'minGrade',
    required: false,
    parse: choiceCell('minGrade', GRADE_ZH),
    example: GRADE_ZH.A3,
    note: '选填，留空为不限；见下方「评估等级可选值」',
  },
  { header: '开始日期', field: 'startsOn', required: true, parse: dateCell('startsOn'), example: '2027-03-01', note: '日期，如 2027-03-01' },
  { header: '结束日期', field: 'endsOn', required: true, parse: dateCell('endsOn'), example: '2027-12-31', note: '日期，不早于开始日期' },
  { header: '保存为草稿', field: 'draft', required: false, parse: yesNoCell('draft'), example: '否', note: '选填：是 = 保存为草稿，否或留空 = 直接发布' },
];

export const NEED_TEMPLATE_LISTS = [
  { title: '服务领域', values: Object.values(DOMAIN_ZH) },
  { title: '资金来源', values: Object.values(FUNDING_ZH) },
  { title: '评估等级', values: Object.values(GRADE_ZH) },
];
