/**
 * The administration area (issue 13, school admin): accounts and roles, editing windows, the deputy's
 * assignment and the principal's certificate, one section a page under `#/admin/<section>`. Each role sees
 * the sections the policy lets it use: the school admin manages accounts (users.manage), the principal
 * assigns deputies (deputies.assign), both set windows (windows.freeze) and register the certificate
 * (certificates.register).
 */

import { hashOf } from '../../shell/hash-route.ts';
import type { PageProps } from '../../shell/page.ts';
import { AccountForm } from './AccountForm.tsx';
import { AccountGrants } from './AccountGrants.tsx';
import { Accounts } from './Accounts.tsx';
import { Certificate } from './Certificate.tsx';
import { Deputies } from './Deputies.tsx';
import { Windows } from './Windows.tsx';
import { type AdminWord, aw } from './words.ts';
import './admin.css';

const SECTIONS: { path: string; label: AdminWord; roles: readonly string[] }[] = [
  { path: 'accounts', label: 'tabAccounts', roles: ['schoolAdmin'] },
  { path: 'windows', label: 'tabWindows', roles: ['schoolAdmin', 'principal'] },
  { path: 'deputies', label: 'tabDeputies', roles: ['principal'] },
  { path: 'certificate', label: 'tabCertificate', roles: ['schoolAdmin', 'principal'] },
];

/** The account's id from the access token's `sub` (to leave out the button that would disable oneself). */
function selfOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { sub?: string }).sub;
  } catch {
    return undefined;
  }
}

export default function AdminPage({ connection, lang, session, schoolId, rest }: PageProps) {
  if (!schoolId) return null;
  const sections = SECTIONS.filter((s) => s.roles.includes(session.role));
  const current = sections.find((s) => s.path === rest[0]) ?? sections[0];
  if (!current) return null;
  const props = { connection, lang, schoolId };
  return (
    <div className="admin">
      <h2 className="visually-hidden">{aw('title', lang)}</h2>
      <nav className="admin-tabs" aria-label={aw('sections', lang)}>
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <a href={hashOf(['admin', s.path])} aria-current={s === current ? 'page' : undefined}>
                {aw(s.label, lang)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {current.path === 'accounts' &&
        (rest[1] === 'new' ? (
          <AccountForm {...props} />
        ) : rest[1] ? (
          <AccountGrants {...props} userId={rest[1]} />
        ) : (
          <Accounts {...props} selfId={selfOf(session.accessToken)} />
        ))}
      {current.path === 'windows' && <Windows {...props} />}
      {current.path === 'deputies' && <Deputies {...props} />}
      {current.path === 'certificate' && <Certificate {...props} />}
    </div>
  );
}
