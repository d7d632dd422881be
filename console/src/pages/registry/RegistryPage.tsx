/**
 * The province's registry (issue 14): principals' certificates waiting for approval (approve, or revoke with
 * a reason, each on a page of its own), the permissions given and a form to give one, the districts and
 * schools (register, move a school to another district). Addresses: `#/registry` (certificates),
 * `#/registry/certificates/<fp>/approve|revoke`, `#/registry/permissions[/new]`,
 * `#/registry/units[/new-school|/new-district|/move/<schoolId>]`. Every write is queued for the ledger by
 * the gateway; the lists show what is still waiting for it.
 */
import type { PageProps } from '../../shell/page.ts';
import { CertificateDecision, Certificates } from './Certificates.tsx';
import { GrantForm, Permissions } from './Permissions.tsx';
import { DistrictForm, MoveSchool, SchoolForm, Units } from './Units.tsx';
import { rw } from './words.ts';
import './registry.css';

const TABS = [
  { path: 'certificates', key: 'tabCerts' },
  { path: 'permissions', key: 'tabPermissions' },
  { path: 'units', key: 'tabUnits' },
] as const;

export default function RegistryPage({ connection, lang, rest }: PageProps) {
  const tab = TABS.find((t) => t.path === rest[0])?.path ?? 'certificates';
  const props = { connection, lang };
  let body: React.ReactNode;
  if (tab === 'certificates') {
    const [, fp, decision] = rest;
    body =
      fp && (decision === 'approve' || decision === 'revoke') ? (
        <CertificateDecision {...props} fingerprint={fp} decision={decision} />
      ) : (
        <Certificates {...props} />
      );
  } else if (tab === 'permissions') {
    body = rest[1] === 'new' ? <GrantForm {...props} /> : <Permissions {...props} />;
  } else if (rest[1] === 'new-school') body = <SchoolForm {...props} />;
  else if (rest[1] === 'new-district') body = <DistrictForm {...props} />;
  else if (rest[1] === 'move' && rest[2]) body = <MoveSchool {...props} schoolId={rest[2]} />;
  else body = <Units {...props} />;

  return (
    <div className="registry">
      <h2>{rw('title', lang)}</h2>
      <nav className="registry-tabs" aria-label={rw('title', lang)}>
        <ul>
          {TABS.map((t) => (
            <li key={t.path}>
              <a href={`#/registry/${t.path}`} aria-current={t.path === tab ? 'page' : undefined}>
                {rw(t.key, lang)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {body}
    </div>
  );
}
