/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function RegistryPage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Chứng thư, quyền và đơn vị' : 'Certificates, permissions and units'}</h2>
    </section>
  );
}
