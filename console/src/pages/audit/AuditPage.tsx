/**
 * The audit area (issue 14): the Ministry's auditor and the province's officers read the audit log here,
 * and see the trust anchors; the Ministry's auditor registers and retires them. Addresses:
 * `#/audit` the log, `#/audit/anchors` the anchors, `#/audit/anchors/<fingerprint>/retire` the
 * confirmation, `#/audit/anchors/retiring/<fingerprint>` the list following a retirement just sent.
 */
import { hashOf } from '../../shell/hash-route.ts';
import type { PageProps } from '../../shell/page.ts';
import { AuditLog } from './AuditLog.tsx';
import { RetireAnchor } from './RetireAnchor.tsx';
import { TrustAnchors } from './TrustAnchors.tsx';
import { tw } from './words.ts';
import './audit.css';

export default function AuditPage({ connection, lang, session, rest }: PageProps) {
  const [tab, a, b] = rest;
  const onAnchors = tab === 'anchors';
  const canManage = session.role === 'ministryAuditor';
  let body: React.ReactNode;
  if (!onAnchors) body = <AuditLog connection={connection} lang={lang} />;
  else if (a && b === 'retire' && canManage)
    body = <RetireAnchor connection={connection} lang={lang} fingerprint={a} />;
  else
    body = (
      <TrustAnchors
        // A retirement just sent: a new list that follows it.
        key={a === 'retiring' ? `retiring-${b}` : 'list'}
        connection={connection}
        lang={lang}
        canManage={canManage}
        awaited={a === 'retiring' && b ? { fingerprint: b, until: 'retired' } : undefined}
      />
    );
  return (
    <div className="audit-area">
      <nav className="audit-tabs" aria-label={tw('areaTitle', lang)}>
        <a href={hashOf(['audit'])} aria-current={onAnchors ? undefined : 'page'}>
          {tw('tabLog', lang)}
        </a>
        <a href={hashOf(['audit', 'anchors'])} aria-current={onAnchors ? 'page' : undefined}>
          {tw('tabAnchors', lang)}
        </a>
      </nav>
      {body}
    </div>
  );
}
