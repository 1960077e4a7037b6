import type { ComponentType } from 'react';

/** A home-screen tile: where it leads, its label (an i18n key with namespace), its icon and tint. */
export interface ServiceTile {
  to: string;
  label: string;
  Icon: ComponentType<{ fontSize?: number }>;
  tint: string;
}
