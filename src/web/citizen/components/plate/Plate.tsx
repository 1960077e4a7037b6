import { Fragment } from 'react';
import { plateLook, PLATE_HEIGHTS, type PlateInput, type PlateSize } from './plate-look.ts';
import './plate.css';

export interface PlateProps extends PlateInput {
  /** A named size or a height in CSS pixels; the width follows the real plate's proportions. */
  size?: PlateSize | number;
  className?: string;
}

/**
 * A number plate drawn in its real colours and proportions: blue, yellow, new-energy green,
 * black cross-border and foreign plates, and the Hong Kong and Macau plates of northbound
 * cars. Announced as one image named by the plate number.
 */
export function Plate({ size = 'md', className, ...input }: PlateProps) {
  const look = plateLook(input);
  const height = typeof size === 'number' ? size : PLATE_HEIGHTS[size];
  return (
    <span
      role="img"
      aria-label={look.text}
      className={`jg-plate jg-plate--${look.tone} jg-plate--ink-${look.ink}${className ? ` ${className}` : ''}`}
      style={{ height, width: Math.round(height * look.ratio), fontSize: height * look.fontScale }}
    >
      <span className="jg-plate__chars" aria-hidden="true">
        {look.chars.map((c, i) => (
          <Fragment key={i}>
            <span className={`jg-plate__char${c.red ? ' is-red' : ''}${c.han ? ' is-han' : ''}${c.char === ' ' ? ' is-gap' : ''}`}>
              <span className="jg-plate__glyph">{c.char === ' ' ? '' : c.char}</span>
            </span>
            {look.dotAfter === i ? <span className="jg-plate__dot" /> : null}
          </Fragment>
        ))}
      </span>
    </span>
  );
}
