import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { NeedFilter, PostNeedInput } from './need.inputs';

const valid = {
  title: '助餐服务',
  description: '每日送餐',
  domain: 'ELDERLY_CARE',
  beneficiaries: 100,
  budget: 4_800_000,
  fundingSource: 'CITY',
  startsOn: '2026-03-01',
  endsOn: '2026-12-31',
};
const failingFields = async <T extends object>(cls: new () => T, plain: object) => (await validate(plainToInstance(cls, plain))).map((e) => e.property);

describe(PostNeedInput.name, () => {
  it('accepts a complete need, and a one-day one', async () => {
    expect(await failingFields(PostNeedInput, valid)).toEqual([]);
    expect(await failingFields(PostNeedInput, { ...valid, endsOn: '2026-03-01' })).toEqual([]);
  });

  it('names endsOn when the period ends before it starts', async () => {
    expect(await failingFields(PostNeedInput, { ...valid, startsOn: '2026-06-01', endsOn: '2026-05-31' })).toEqual(['endsOn']);
  });

  it('bounds the budget to (0, 1e10 yuan]', async () => {
    expect(await failingFields(PostNeedInput, { ...valid, budget: 0 })).toEqual(['budget']);
    expect(await failingFields(PostNeedInput, { ...valid, budget: 1_000_000_000_000 })).toEqual([]);
    expect(await failingFields(PostNeedInput, { ...valid, budget: 1_000_000_000_001 })).toEqual(['budget']);
  });
});

describe(NeedFilter.name, () => {
  it('names budgetMax when the range is inverted, and allows an open or single-value range', async () => {
    expect(await failingFields(NeedFilter, { budgetMin: 500, budgetMax: 100 })).toEqual(['budgetMax']);
    expect(await failingFields(NeedFilter, { budgetMin: 500, budgetMax: 500 })).toEqual([]);
    expect(await failingFields(NeedFilter, { budgetMax: 100 })).toEqual([]);
  });
});
