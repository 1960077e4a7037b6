import type { TFunction } from 'i18next';
import type { GesturePadLabels } from '../../shared/GesturePad.tsx';

/** The pad's texts from the citizen catalogue (the pad itself is language-agnostic). */
export function gesturePadLabels(t: TFunction): GesturePadLabels {
  return {
    pad: t('gesture.pad'),
    dot: (n) => t('gesture.dot', { n }),
    done: t('gesture.done'),
    clear: t('gesture.clear'),
  };
}
