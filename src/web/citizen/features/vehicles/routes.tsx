import type { RouteObject } from 'react-router';
import type { ServiceTile } from '../../components/service-tile.ts';

/**
 * The vehicles feature's screens, mounted by App.tsx inside the signed-in area (outside the tab
 * bar), and its tiles on the home screen. The feature owns both lists.
 */
export const vehiclesRoutes: RouteObject[] = [];

export const vehiclesTiles: ServiceTile[] = [];
