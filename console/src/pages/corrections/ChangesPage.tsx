/**
 * Corrections, transfers and revocations (issue 13 point 3): what happens to a record after it is locked.
 * The address says which page: `#/changes`, `#/changes/correction/new`, `#/changes/correction/<id>`,
 * `#/changes/transfer/new`, `#/changes/transfer/<id>`, `#/changes/revoke`.
 */
import type { PageProps } from '../../shell/page.ts';
import './changes.css';
import { CorrectionDetail } from './CorrectionDetail.tsx';
import { CorrectionRequest } from './CorrectionRequest.tsx';
import { Overview } from './Overview.tsx';
import { Revoke } from './Revoke.tsx';
import { TransferDetail, TransferRequest } from './Transfers.tsx';
import { t } from './words.ts';

export default function ChangesPage({ connection, lang, session, schoolId, rest }: PageProps) {
  // A teacher's grant names a class, not a school: their pages work from their classes ('' for the school).
  const teaches = session.scope.some((s) => s.classId);
  if (!schoolId && !teaches) return <p>{t('noSchool', lang)}</p>;
  const common = { connection, lang, session, schoolId: schoolId ?? '' };
  const [kind, id] = rest;
  if (kind === 'correction' && id === 'new') return <CorrectionRequest {...common} />;
  if (kind === 'correction' && id) return <CorrectionDetail key={id} {...common} id={id} />;
  if (kind === 'transfer' && id === 'new') return <TransferRequest {...common} />;
  if (kind === 'transfer' && id) return <TransferDetail key={id} {...common} id={id} />;
  if (kind === 'revoke') return <Revoke {...common} />;
  return <Overview {...common} />;
}
