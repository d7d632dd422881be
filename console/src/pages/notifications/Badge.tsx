/**
 * The notifications badge for the shell's header (the lead places it): "Thông báo (3)" as a link to
 * #/notifications, the unread count polled every 60 s. The count is said in words too, for screen readers.
 */
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { useUnreadCount } from './data.ts';
import { badgeText, t } from './words.ts';
import './notifications.css';

export function NotificationBadge({ connection, lang }: { connection: Connection; lang: Lang }) {
  const count = useUnreadCount(connection);
  const unread = count.data ?? 0;
  return (
    <a
      className={unread > 0 ? 'notification-badge has-unread' : 'notification-badge'}
      href={hashOf(['notifications'])}
      data-testid="notification-badge"
      aria-label={unread > 0 ? `${t('title', lang)}: ${unread} ${t('unreadCount', lang)}` : t('title', lang)}
    >
      {badgeText(unread, lang)}
    </a>
  );
}

export default NotificationBadge;
