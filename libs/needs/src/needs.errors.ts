import { conflict, forbidden, notFound } from '@app/core';
import { NeedStatus } from './entities/service-need.entity';

export const NeedsErrors = {
  needNotFound: (id: string) => notFound('ServiceNeed', id),
  fairNotFound: (id: string) => notFound('Fair', id),
  notACommunity: () => forbidden('Only a community account posts and manages needs'),
  notYourNeed: () => forbidden('A community may change only its own needs'),
  statusForbids: (action: string, status: NeedStatus) =>
    conflict(`A ${status} need cannot be ${action}`, { status }),
};
