import type { RouteObject } from 'react-router';
import { ExclamationShieldOutline } from 'antd-mobile-icons';
import type { ServiceTile } from '../../components/service-tile.ts';
import { ObjectionPage } from './ObjectionPage.tsx';
import { ViolationDetailPage } from './ViolationDetailPage.tsx';
import { ViolationsPage } from './ViolationsPage.tsx';

/**
 * The violations feature's screens, mounted by App.tsx inside the signed-in area (outside the tab
 * bar), and its tiles on the home screen. The feature owns both lists.
 */
export const violationsRoutes: RouteObject[] = [
  { path: '/violations', element: <ViolationsPage /> },
  { path: '/violations/:id', element: <ViolationDetailPage /> },
  { path: '/violations/:id/objection', element: <ObjectionPage /> },
];

export const violationsTiles: ServiceTile[] = [{ to: '/violations', label: 'citizen-violations:tiles.violations', Icon: ExclamationShieldOutline, tint: '#fa541c' }];
