import { badInput, conflict } from '@app/core';

export const DirectoryErrors = {
  creditCodeTaken: (code: string) => conflict(`An organization with credit code ${code} is already registered`, { field: 'creditCode' }),
  priceRangeInverted: () => badInput('priceMax', 'priceMax must be at least priceMin'),
};
