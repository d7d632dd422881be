/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function AuditPage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Nhật ký và tin cậy' : 'Audit log and trust'}</h2>
    </section>
  );
}
