import { useId } from 'react';
import { useLicenceText } from './i18n.ts';

/** Example archive number on the drawing: 12 digits, grouped as printed. */
const EXAMPLE = '4403 0010 0001';

/**
 * Where the archive number (dang'an bianhao) is: the second page (fuye) of the paper licence, on the
 * line under the licence number. Drawn rather than photographed so that no real person's
 * licence is shown and the labels follow the reader's language.
 */
export function ArchiveNumberFigure() {
  const { tl } = useLicenceText();
  const titleId = useId();
  const descId = useId();
  const line = (y: number, label: string, value: string, highlight = false) => (
    <g>
      <text x={28} y={y} fontSize={12} fill={highlight ? '#cf1322' : '#646a73'} fontWeight={highlight ? 700 : 400}>
        {label}
      </text>
      <text x={132} y={y} fontSize={13} fill="#1f2329" fontWeight={highlight ? 700 : 400} fontFamily="ui-monospace, Menlo, monospace">
        {value}
      </text>
    </g>
  );
  return (
    <svg className="jg-licence__figure" viewBox="0 0 340 220" role="img" aria-labelledby={`${titleId} ${descId}`}>
      <title id={titleId}>{tl('filing.figure.title')}</title>
      <desc id={descId}>{tl('filing.figure.description')}</desc>
      {/* The booklet's second page: pale green like the printed form. */}
      <rect x={8} y={8} width={324} height={170} rx={8} fill="#eef7f0" stroke="#7fb08f" strokeWidth={1.5} />
      <text x={170} y={32} fontSize={13} fontWeight={700} fill="#1f2329" textAnchor="middle">
        {tl('filing.figure.pageTitle')}
      </text>
      {line(60, tl('filing.figure.number'), '4403 **** **** 0000')}
      {line(84, tl('filing.figure.name'), tl('filing.figure.sampleName'))}
      <rect x={20} y={95} width={300} height={26} rx={4} fill="#fff1f0" stroke="#f5222d" strokeWidth={2} />
      {line(113, tl('filing.figure.archive'), EXAMPLE, true)}
      {line(142, tl('filing.figure.record'), '')}
      <line x1={132} y1={146} x2={312} y2={146} stroke="#b7d3c0" />
      <line x1={28} y1={164} x2={312} y2={164} stroke="#b7d3c0" />
      {/* The pointer to the highlighted line. */}
      <path d="M250 200 C 250 170, 290 150, 290 126" stroke="#f5222d" strokeWidth={2} fill="none" markerEnd="url(#jg-archive-arrow)" />
      <defs>
        <marker id="jg-archive-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#f5222d" />
        </marker>
      </defs>
      <text x={240} y={212} fontSize={12} fill="#cf1322" textAnchor="end" fontWeight={600}>
        {tl('filing.figure.pointer')}
      </text>
    </svg>
  );
}
