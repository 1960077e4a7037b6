import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Example numbers printed on the drawings; they pass their documents' format checks. */
const HK_ID_EXAMPLE = 'A123456(3)';
const PERMIT_EXAMPLE = 'H12345678';

/** A card outline with a photo box, a title and one number line, as the documents look. */
function Card(props: { x: number; y: number; w: number; h: number; fill: string; stroke: string; title: string; number: string; numberLabel?: string }) {
  const { x, y, w, h, fill, stroke, title, number, numberLabel } = props;
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={10} fill={fill} stroke={stroke} strokeWidth={2} />
      <text x={x + 12} y={y + 24} fontSize={14} fontWeight={600} fill="#1f2329">
        {title}
      </text>
      <rect x={x + 12} y={y + 36} width={34} height={42} rx={4} fill="#fff" stroke={stroke} />
      <circle cx={x + 29} cy={y + 52} r={7} fill={stroke} opacity={0.5} />
      <rect x={x + 19} y={y + 62} width={20} height={12} rx={6} fill={stroke} opacity={0.5} />
      {numberLabel ? (
        <text x={x + 56} y={y + 52} fontSize={12} fill="#646a73">
          {numberLabel}
        </text>
      ) : null}
      <text x={x + 56} y={y + (numberLabel ? 72 : 62)} fontSize={15} fontWeight={700} fill="#1f2329" fontFamily="ui-monospace, Menlo, monospace">
        {number}
      </text>
    </g>
  );
}

/**
 * The driving licence's number is the number of the document it was issued under: the card
 * whose number matches is the one to register with.
 */
export function WrongDocumentFigure() {
  const { t } = useTranslation('citizen-registration');
  const titleId = useId();
  return (
    <svg className="jg-help__figure" viewBox="0 0 350 300" role="img" aria-labelledby={titleId}>
      <title id={titleId}>{t('help.wrongDocument.figureTitle')}</title>
      <Card
        x={75}
        y={8}
        w={200}
        h={92}
        fill="#eaf2ff"
        stroke="#1677ff"
        title={t('help.wrongDocument.figureLicence')}
        numberLabel={t('help.wrongDocument.figureNumberLabel')}
        number={HK_ID_EXAMPLE}
      />
      <path d="M130 104 L 90 150" stroke="#00b42a" strokeWidth={3} fill="none" markerEnd="url(#jg-arrow-ok)" />
      <path d="M220 104 L 260 150" stroke="#f53f3f" strokeWidth={3} strokeDasharray="6 5" fill="none" />
      <defs>
        <marker id="jg-arrow-ok" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#00b42a" />
        </marker>
      </defs>
      <Card x={4} y={156} w={166} h={92} fill="#e8f7ee" stroke="#00b42a" title={t('help.wrongDocument.figureHkId')} number={HK_ID_EXAMPLE} />
      <Card x={180} y={156} w={166} h={92} fill="#fff1f0" stroke="#f53f3f" title={t('help.wrongDocument.figurePermit')} number={PERMIT_EXAMPLE} />
      <g>
        <circle cx={18} cy={272} r={10} fill="#00b42a" />
        <path d="M13 272 l4 4 l7 -8" stroke="#fff" strokeWidth={2.5} fill="none" />
        <text x={34} y={277} fontSize={13} fill="#16803c" fontWeight={600}>
          {t('help.wrongDocument.figureMatch')}
        </text>
      </g>
      <g>
        <circle cx={194} cy={272} r={10} fill="#f53f3f" />
        <path d="M189 267 l10 10 M199 267 l-10 10" stroke="#fff" strokeWidth={2.5} />
        <text x={210} y={277} fontSize={13} fill="#cb2634" fontWeight={600}>
          {t('help.wrongDocument.figureNoMatch')}
        </text>
      </g>
    </svg>
  );
}

/** Traditional → Simplified, as the app offers it with one tap. */
export function TraditionalFigure({ traditional, simplified }: { traditional: string; simplified: string }) {
  const { t } = useTranslation('citizen-registration');
  const titleId = useId();
  return (
    <svg className="jg-help__figure" viewBox="0 0 350 120" role="img" aria-labelledby={titleId}>
      <title id={titleId}>{t('help.traditional.figureTitle')}</title>
      <rect x={8} y={22} width={130} height={76} rx={12} fill="#fff1f0" stroke="#f53f3f" strokeWidth={2} />
      <text x={73} y={16} fontSize={12} textAnchor="middle" fill="#cb2634">
        {t('help.traditional.figureTraditional')}
      </text>
      <text x={73} y={70} fontSize={28} textAnchor="middle" fill="#1f2329" fontWeight={600}>
        {traditional}
      </text>
      <path d="M150 60 H 196" stroke="#1677ff" strokeWidth={3} markerEnd="url(#jg-arrow-blue)" />
      <defs>
        <marker id="jg-arrow-blue" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#1677ff" />
        </marker>
      </defs>
      <rect x={212} y={22} width={130} height={76} rx={12} fill="#e8f7ee" stroke="#00b42a" strokeWidth={2} />
      <text x={277} y={16} fontSize={12} textAnchor="middle" fill="#16803c">
        {t('help.traditional.figureSimplified')}
      </text>
      <text x={277} y={70} fontSize={28} textAnchor="middle" fill="#1f2329" fontWeight={600}>
        {simplified}
      </text>
    </svg>
  );
}
