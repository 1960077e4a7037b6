/**
 * Server-rendered pages of this feature: the sandbox provider's cashier and the printable
 * receipt. Plain HTML forms and one same-origin script (the CSP allows no inline script);
 * every text comes from the `payments` catalogue in the request's language.
 */
import type { Language } from '../../../i18n/languages.ts';
import { translator } from '../../platform/i18n.ts';
import { fenToYuan } from './provider.ts';
import type { Receipt } from './service.ts';
import type { SandboxTrade } from './sandbox.ts';

export const PAGES_SCRIPT_PATH = '/sandbox-pay/pages.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  body { font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "PingFang HK", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "Segoe UI", sans-serif; margin: 0; background: #f5f6f8; color: #1f2329; }
  html:lang(zh-HK) body { font-family: -apple-system, "PingFang HK", "Noto Sans CJK HK", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; }
  main { max-width: 420px; margin: 0 auto; padding: 24px 16px; }
  .card { background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .note { color: #646a73; font-size: 13px; }
  .amount { font-size: 34px; font-weight: 600; margin: 16px 0; }
  dl { display: grid; grid-template-columns: minmax(4em, max-content) 1fr; gap: 10px 16px; margin: 16px 0; align-items: baseline; line-height: 1.45; }
  dt { color: #646a73; } dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
  button, .button { font-family: inherit; display: block; width: 100%; box-sizing: border-box; padding: 12px; margin-top: 12px; border-radius: 8px; border: 1px solid #d0d3d6; background: #fff; font-size: 16px; text-align: center; text-decoration: none; color: inherit; }
  button.primary { background: #1677ff; border-color: #1677ff; color: #fff; }
  @media print { body { background: #fff; } .card { box-shadow: none; border: 1px solid #000; } .no-print { display: none; } main { max-width: none; } }
`;

function page(lang: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script src="${PAGES_SCRIPT_PATH}" defer></script>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The sandbox cashier: an open order offers Pay / Fail / Cancel; anything else says what became of it. */
export function cashierPage(lang: Language, trade: SandboxTrade, now: Date): string {
  const t = translator(lang);
  const open = trade.status === 'open' && trade.expiresAt > now;
  const state = open ? 'open' : trade.status === 'open' ? 'expired' : trade.status;
  const rows = `<dl>
  <dt>${escapeHtml(t('payments:cashier.subject'))}</dt><dd>${escapeHtml(trade.subject)}</dd>
  <dt>${escapeHtml(t('payments:cashier.order'))}</dt><dd>${escapeHtml(trade.paymentId)}</dd>
  ${trade.tradeNo ? `<dt>${escapeHtml(t('payments:cashier.tradeNo'))}</dt><dd>${escapeHtml(trade.tradeNo)}</dd>` : ''}
</dl>`;
  const actions = open
    ? `<form method="post" action="/sandbox-pay/${escapeHtml(trade.paymentId)}?lang=${lang}" data-cashier>
  <button class="primary" type="submit" name="action" value="pay">${escapeHtml(t('payments:cashier.pay'))}</button>
  <button type="submit" name="action" value="fail">${escapeHtml(t('payments:cashier.fail'))}</button>
  <button type="submit" name="action" value="cancel">${escapeHtml(t('payments:cashier.cancel'))}</button>
</form>`
    : `<p>${escapeHtml(t(`payments:cashier.state.${state}`))}</p><a class="button" href="${escapeHtml(trade.returnUrl)}">${escapeHtml(t('payments:cashier.back'))}</a>`;
  return page(
    lang,
    t('payments:cashier.title'),
    `<div class="card">
<h1>${escapeHtml(t('payments:cashier.title'))}</h1>
<p class="note">${escapeHtml(t('payments:cashier.sandboxNote'))}</p>
<div class="amount">¥${fenToYuan(trade.amountFen)}</div>
${rows}
${actions}
</div>`,
  );
}

function formatInstant(at: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'medium' }).format(new Date(at));
}

/** The electronic receipt, laid out for A4/A5 printing. */
export function receiptPage(lang: Language, r: Receipt): string {
  const t = translator(lang);
  const row = (label: string, value: string) => `<dt>${escapeHtml(t(`payments:receipt.${label}`))}</dt><dd>${escapeHtml(value)}</dd>`;
  return page(
    lang,
    `${t('payments:receipt.title')} ${r.receiptNo}`,
    `<div class="card">
<h1>${escapeHtml(t('payments:receipt.title'))}</h1>
<p class="note">${escapeHtml(r.authority)}</p>
<div class="amount">¥${fenToYuan(r.amountFen)}</div>
<dl>
${row('receiptNo', r.receiptNo)}
${row('decisionNo', r.decisionNo)}
${row('payer', `${r.payer.name} ${r.payer.docNumberMasked}`)}
${row('paidAt', formatInstant(r.paidAt, lang))}
${row('amount', `¥${fenToYuan(r.amountFen)}`)}
${row('paymentId', r.paymentId)}
</dl>
<button class="no-print" type="button" data-print>${escapeHtml(t('payments:receipt.print'))}</button>
</div>`,
  );
}

/**
 * The one script of these pages, same-origin so the CSP allows it. A signed-in browser
 * carries the session cookie, and the platform then wants the CSRF header on every POST,
 * which a plain form cannot send: the script sends the cashier's choice with the header and
 * follows the provider's redirect. Without a session the plain form posts by itself.
 */
export const PAGES_SCRIPT = `'use strict';
(function () {
  function csrf() {
    var m = document.cookie.split('; ').filter(function (c) { return c.indexOf('jg_csrf=') === 0; })[0];
    return m ? decodeURIComponent(m.slice(8)) : '';
  }
  document.querySelectorAll('form[data-cashier]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var token = csrf();
      if (!token) return;
      event.preventDefault();
      var action = event.submitter ? event.submitter.value : 'pay';
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      // Not form.action: the buttons are named "action", and a named control shadows the property.
      fetch(form.getAttribute('action'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
        body: 'action=' + encodeURIComponent(action)
      }).then(function (res) { window.location.assign(res.url); }, function () { window.location.reload(); });
    });
  });
  document.querySelectorAll('[data-print]').forEach(function (b) { b.addEventListener('click', function () { window.print(); }); });
})();
`;
