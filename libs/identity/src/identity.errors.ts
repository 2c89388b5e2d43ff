import { conflict, DomainError, ErrorCode } from '@app/core';

/** Why sign-in and registration refuse: `extensions.reason` of identity's errors. */
export enum IdentityErrorReason {
  /** Unknown email or wrong password (never said which). */
  WRONG_CREDENTIALS = 'WRONG_CREDENTIALS',
  /** Registration: an account with this email exists. */
  EMAIL_TAKEN = 'EMAIL_TAKEN',
}

export const IdentityErrors = {
  wrongCredentials: () => new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong email or password', {}, IdentityErrorReason.WRONG_CREDENTIALS),
  emailTaken: (email: string) => conflict(`The email ${email} is already registered`, { field: 'email' }, IdentityErrorReason.EMAIL_TAKEN),
};
