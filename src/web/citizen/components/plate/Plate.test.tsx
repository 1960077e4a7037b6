import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Plate } from './Plate.tsx';

// Plate characters are written escaped: the citizen app keeps Chinese text out of its sources.
const YUE_B12345 = '\u7ca4B12345';

describe('Plate', () => {
  it('is one image named by the plate, sized by height with the real proportions', () => {
    const html = renderToStaticMarkup(<Plate plate={YUE_B12345} plateType="02" size="md" />);
    expect(html).toMatch(/^<span role="img" aria-label="\u7ca4B12345" class="jg-plate jg-plate--blue jg-plate--ink-white"/);
    expect(html).toContain('height:40px;width:126px');
    const big = renderToStaticMarkup(<Plate plate={YUE_B12345} plateType="02" size={80} />);
    expect(big).toContain('height:80px;width:251px');
  });

  it('puts the dot after the province and the authority letter, and nowhere on a Macau plate', () => {
    const html = renderToStaticMarkup(<Plate plate={YUE_B12345} plateType="02" />);
    const glyphs = [...html.matchAll(/jg-plate__glyph">([^<]*)</g)].map((m) => m[1]);
    expect(glyphs).toEqual(['\u7ca4', 'B', '1', '2', '3', '4', '5']);
    expect(html.indexOf('jg-plate__dot')).toBeGreaterThan(html.indexOf('>B<'));
    expect(html.indexOf('jg-plate__dot')).toBeLessThan(html.indexOf('>1<'));
    const macau = renderToStaticMarkup(<Plate plate="MX-12-34" scheme="mo_northbound" size="sm" />);
    expect(macau).toContain('jg-plate--mo');
    expect(macau).not.toContain('jg-plate__dot');
    expect(macau).toContain('height:30px;width:141px');
  });
});
