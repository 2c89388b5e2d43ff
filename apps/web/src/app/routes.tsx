import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Role } from '../gql/graphql';
import { NotFound } from '../lib/states';
import { AppLayout } from './Layout';
import { RequireRole } from './RequireRole';

/** Every page is its own chunk: the first visit loads only the frame and the page it opens. */
const page =
  (load: () => Promise<{ default: ComponentType }>, roles?: Role[]): RouteObject['lazy'] =>
  async () => {
    const { default: Page } = await load();
    return { Component: roles ? () => <RequireRole roles={roles}>{<Page />}</RequireRole> : Page };
  };

export const router = createBrowserRouter([
  { path: '/screen/:fairId', lazy: page(() => import('../screen/BigScreen')) },
  {
    element: <AppLayout />,
    children: [
      { index: true, lazy: page(() => import('../home/Home')) },
      { path: 'login', lazy: page(() => import('../auth/Login')) },
      { path: 'register/community', lazy: page(() => import('../auth/RegisterCommunity')) },
      { path: 'register/organization', lazy: page(() => import('../auth/RegisterOrganization')) },
      { path: 'needs', lazy: page(() => import('../needs/NeedList')) },
      { path: 'needs/new', lazy: page(() => import('../needs/PostNeed'), ['COMMUNITY']) },
      { path: 'needs/:id/edit', lazy: page(() => import('../needs/PostNeed'), ['COMMUNITY']) },
      { path: 'needs/:id', lazy: page(() => import('../needs/NeedPage')) },
      { path: 'organizations', lazy: page(() => import('../directory/OrganizationList')) },
      { path: 'organizations/:id', lazy: page(() => import('../directory/OrganizationPage')) },
      { path: 'my/needs', lazy: page(() => import('../needs/MyNeeds'), ['COMMUNITY']) },
      { path: 'my/catalog', lazy: page(() => import('../directory/MyCatalog'), ['ORGANIZATION']) },
      { path: 'my/import', lazy: page(() => import('../import/ImportPage'), ['COMMUNITY', 'ORGANIZATION', 'ORGANIZER']) },
      { path: 'my/recommended', lazy: page(() => import('../bids/Recommended'), ['ORGANIZATION']) },
      { path: 'my/bids', lazy: page(() => import('../bids/MyBids'), ['ORGANIZATION']) },
      { path: 'my/proposals', lazy: page(() => import('../bids/MyProposals'), ['ORGANIZATION']) },
      { path: 'sessions/:id', lazy: page(() => import('../fairs/SessionLive')) },
      { path: 'contracts', lazy: page(() => import('../contracts/ContractList'), ['COMMUNITY', 'ORGANIZATION', 'ORGANIZER', 'ADMIN']) },
      { path: 'contracts/:id', lazy: page(() => import('../contracts/ContractPage'), ['COMMUNITY', 'ORGANIZATION', 'ORGANIZER', 'ADMIN']) },
      { path: 'organizer', lazy: page(() => import('../fairs/OrganizerFairs'), ['ORGANIZER']) },
      { path: 'organizer/complaints', lazy: page(() => import('../governance/ComplaintsQueue'), ['ORGANIZER']) },
      { path: 'organizer/fairs/:fairId', lazy: page(() => import('../fairs/FairConsole'), ['ORGANIZER']) },
      { path: 'admin/organizers', lazy: page(() => import('../admin/Organizers'), ['ADMIN']) },
      { path: 'open-data/:fairId', lazy: page(() => import('../open-data/OpenData')) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
