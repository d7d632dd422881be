/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function YearPage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Tiến độ năm học' : 'The school year'}</h2>
    </section>
  );
}
