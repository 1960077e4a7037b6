import type { RouteObject } from 'react-router';
import { TruckOutline } from 'antd-mobile-icons';
import type { ServiceTile } from '../../components/service-tile.ts';
import { FilingPage } from './FilingPage.tsx';
import { FILING_PATH, VehiclesPage } from './VehiclesPage.tsx';

/**
 * The vehicles feature's screens, mounted by App.tsx inside the signed-in area (outside the tab
 * bar), and its tiles on the home screen. The feature owns both lists.
 */
export const vehiclesRoutes: RouteObject[] = [
  { path: '/vehicles', element: <VehiclesPage /> },
  { path: FILING_PATH, element: <FilingPage /> },
];

export const vehiclesTiles: ServiceTile[] = [{ to: '/vehicles', label: 'citizen-vehicles:tiles.vehicles', Icon: TruckOutline, tint: '#fa8c16' }];
