import type { ReactNode } from 'react';
import { RightOutline } from 'antd-mobile-icons';
import { Link } from 'react-router';

/**
 * List rows that are real links and buttons. antd-mobile's clickable List.Item is an anchor
 * without href — not focusable and without a role — so these reuse its look on proper elements.
 */
interface RowProps {
  prefix?: ReactNode;
  extra?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  danger?: boolean;
}

function RowContent({ prefix, extra, description, children, danger }: RowProps) {
  return (
    <div className="adm-list-item-content">
      {prefix && <div className="adm-list-item-content-prefix">{prefix}</div>}
      <div className={`adm-list-item-content-main${danger ? ' jg-danger-text' : ''}`}>
        {children}
        {description && <div className="adm-list-item-description">{description}</div>}
      </div>
      {extra !== undefined && extra !== null && <div className="adm-list-item-content-extra">{extra}</div>}
      <div className="adm-list-item-content-arrow" aria-hidden="true">
        <RightOutline />
      </div>
    </div>
  );
}

export function RowLink({ to, ...props }: RowProps & { to: string }) {
  return (
    <Link to={to} className="adm-list-item adm-plain-anchor jg-row">
      <RowContent {...props} />
    </Link>
  );
}

export function RowButton({ onClick, popup, ...props }: RowProps & { onClick: () => void; popup?: boolean }) {
  return (
    <button type="button" className="adm-list-item adm-plain-anchor jg-row" onClick={onClick} aria-haspopup={popup ? 'dialog' : undefined}>
      <RowContent {...props} />
    </button>
  );
}
