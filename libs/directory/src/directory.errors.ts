import { badInput, conflict, forbidden, notFound } from '@app/core';

/** Why the directory refuses: `extensions.reason` of its errors. */
export enum DirectoryErrorReason {
  /** No organization with that id. */
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  /** removeOffering: no offering with that id. */
  OFFERING_NOT_FOUND = 'OFFERING_NOT_FOUND',
  /** Registration: another organization holds this unified social credit code. */
  CREDIT_CODE_TAKEN = 'CREDIT_CODE_TAKEN',
  /** An offering's priceMax is below its priceMin. */
  PRICE_RANGE_INVERTED = 'PRICE_RANGE_INVERTED',
  /** Only an organization account has a catalogue. */
  NOT_AN_ORGANIZATION = 'NOT_AN_ORGANIZATION',
  /** An organization may remove only its own offerings. */
  NOT_YOUR_OFFERING = 'NOT_YOUR_OFFERING',
}

const R = DirectoryErrorReason;

export const DirectoryErrors = {
  organizationNotFound: (id: string) => notFound('Organization', id, R.ORGANIZATION_NOT_FOUND),
  offeringNotFound: (id: string) => notFound('ServiceOffering', id, R.OFFERING_NOT_FOUND),
  creditCodeTaken: (code: string) => conflict(`An organization with credit code ${code} is already registered`, { field: 'creditCode' }, R.CREDIT_CODE_TAKEN),
  priceRangeInverted: () => badInput('priceMax', 'priceMax must be at least priceMin', R.PRICE_RANGE_INVERTED),
  notAnOrganization: () => forbidden('Only an organization account has a catalogue', R.NOT_AN_ORGANIZATION),
  notYourOffering: () => forbidden('An organization may remove only its own offerings', R.NOT_YOUR_OFFERING),
};
