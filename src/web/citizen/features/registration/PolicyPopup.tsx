import { useId } from 'react';
import { Button, Popup } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

export type PolicyKind = 'terms' | 'privacy';

interface Section {
  heading: string;
  body: string;
}

/** The service terms or the privacy notice, readable before the box is ticked. */
export function PolicyPopup({ kind, onClose }: { kind: PolicyKind | null; onClose(): void }) {
  const { t } = useTranslation('citizen-registration');
  const titleId = useId();
  const ns = kind === 'privacy' ? 'privacyText' : 'termsText';
  const sections = t(`${ns}.sections`, { returnObjects: true }) as Section[] | string;
  return (
    <Popup visible={kind !== null} onMaskClick={onClose} onClose={onClose} position="bottom" bodyClassName="jg-reg__policy" destroyOnClose>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="jg-reg__policy-inner">
        <h2 id={titleId} className="jg-reg__policy-title">
          {t(`${ns}.title`)}
        </h2>
        <div className="jg-reg__policy-body">
          {Array.isArray(sections)
            ? sections.map((s) => (
                <section key={s.heading}>
                  <h3>{s.heading}</h3>
                  <p>{s.body}</p>
                </section>
              ))
            : null}
        </div>
        <div className="jg-reg__policy-footer">
          <Button block size="large" color="primary" onClick={onClose}>
            {t('details.terms.close')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
