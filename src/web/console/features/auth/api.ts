import { call } from '../../api.ts';

export type StaffRole = 'reviewer' | 'officer' | 'admin';

export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  mustChangePassword: boolean;
}

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  csrfToken: string;
  staff: Staff;
}

/** `/staff/me` answers the staff member either bare or wrapped as `{ staff }`; accept both. */
function unwrapStaff(answer: Staff | { staff: Staff }): Staff {
  return 'staff' in answer ? answer.staff : answer;
}

export const login = (username: string, password: string) =>
  call<LoginAnswer>('POST', '/api/v1/staff/sessions', { body: { username, password } });

export const fetchMe = async () => unwrapStaff(await call<Staff | { staff: Staff }>('GET', '/api/v1/staff/me'));

export const changePassword = (currentPassword: string, newPassword: string) =>
  call<unknown>('POST', '/api/v1/staff/me/password', { body: { currentPassword, newPassword } });

export const logout = () => call<void>('DELETE', '/api/v1/staff/sessions/current');
