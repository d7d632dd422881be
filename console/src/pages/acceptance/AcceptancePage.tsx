/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function AcceptancePage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Tiếp nhận hồ sơ' : 'Acceptance'}</h2>
    </section>
  );
}
