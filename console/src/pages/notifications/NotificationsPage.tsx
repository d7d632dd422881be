/** Issue 14: stub page, replaced by its owner. */
import type { PageProps } from '../../shell/page.ts';

export default function NotificationsPage({ lang }: PageProps) {
  return (
    <section className="card">
      <h2>{lang === 'vi' ? 'Thông báo' : 'Notifications'}</h2>
    </section>
  );
}
