/** One text message. `code` is set for verification codes (templated providers need it apart). */
export interface SmsMessage {
  to: string;
  text: string;
  purpose: string;
  code?: string;
}

/** A way to deliver SMS. `send` throws on failure; the job that called it retries. */
export interface SmsProvider {
  readonly name: string;
  send(msg: SmsMessage): Promise<{ providerMessageId?: string }>;
}

/** Phone for logs: first 3 and last 4 digits, as everywhere else (e.g. 138****5678). */
export function maskPhone(phone: string): string {
  const p = phone.replace(/\s+/g, '');
  if (p.length < 8) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}
