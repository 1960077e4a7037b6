import type { RouteObject } from 'react-router';
import { PayCircleOutline } from 'antd-mobile-icons';
import type { ServiceTile } from '../../components/service-tile.ts';
import { FineDetailPage } from './FineDetailPage.tsx';
import { FinesLookupPage } from './FinesLookupPage.tsx';
import { PaymentResultPage } from './PaymentResultPage.tsx';

/**
 * The fines-and-payments feature's screens, mounted by App.tsx inside the signed-in area
 * (outside the tab bar), and its tile on the home screen. `/payments/:paymentId` is where the
 * payment provider's cashier sends the citizen back (the payment's return URL).
 */
export const paymentsRoutes: RouteObject[] = [
  { path: '/fines', element: <FinesLookupPage /> },
  { path: '/fines/:decisionNo', element: <FineDetailPage /> },
  { path: '/payments/:paymentId', element: <PaymentResultPage /> },
];

export const paymentsTiles: ServiceTile[] = [{ to: '/fines', label: 'citizen-payments:tiles.fines', Icon: PayCircleOutline, tint: '#fa8c16' }];
