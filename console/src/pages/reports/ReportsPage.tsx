/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function ReportsPage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Báo cáo và thống kê' : 'Reports and statistics'}</h2>
    </section>
  );
}
