/**
 * The signed-in person's notifications (issue 14 point 3): newest first, each with when (dd/mm/yyyy HH:mm,
 * Vietnam's time), what, and a link to where it is acted on; unread ones say so in words and with a marker,
 * not by colour alone. Following a link marks it read; "Đánh dấu đã đọc" does so without leaving.
 */
import { instantDate, instantText } from '@hocba/records';
import { useState } from 'react';
import { apiMessage } from '../../api/client.ts';
import type { PageProps } from '../../shell/page.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { type NotificationItem, useMarkRead, useNotifications } from './data.ts';
import { EmailForm } from './EmailForm.tsx';
import { t } from './words.ts';
import './notifications.css';

/** Only the console's own addresses are followed (the gateway writes them; nothing else is a link). */
const consoleLink = (link: string): string | undefined => (/^#\/[\w./%-]*$/.test(link) ? link : undefined);

function Item({
  n,
  lang,
  onRead,
  busy,
}: {
  n: NotificationItem;
  lang: Lang;
  onRead: (id: string) => void;
  busy: boolean;
}) {
  const href = consoleLink(n.link);
  const titleId = `notification-${n.id}`;
  return (
    <li
      className={n.read ? 'notification' : 'notification unread'}
      data-testid="notification"
      data-read={n.read ? 'true' : 'false'}
      aria-labelledby={titleId}
    >
      <p className="notification-meta">
        <time dateTime={n.createdAt}>{instantText(n.createdAt)?.[lang] ?? '—'}</time>
        <span className="notification-state" data-testid="notification-state">
          {n.read ? t('read', lang) : t('unread', lang)}
        </span>
      </p>
      <p className="notification-title" id={titleId}>
        {href ? (
          <a href={href} onClick={() => !n.read && onRead(n.id)} data-testid="notification-link">
            {n.title[lang]}
          </a>
        ) : (
          n.title[lang]
        )}
      </p>
      {n.dueAt && (
        <p className="notification-due">
          {t('dueBy', lang)}: {instantDate(n.dueAt)?.[lang] ?? '—'}
        </p>
      )}
      {!n.read && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => onRead(n.id)}
          data-testid="mark-read"
        >
          {t('markRead', lang)}
          <span className="visually-hidden">: {n.title[lang]}</span>
        </button>
      )}
    </li>
  );
}

export default function NotificationsPage({ connection, lang }: PageProps) {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(connection, unreadOnly);
  const mark = useMarkRead(connection);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyUnread = items.some((n) => !n.read);
  const failure = list.error ?? mark.error;

  return (
    <section className="card notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t('title', lang)}</h2>
      <p className="intro">{t('intro', lang)}</p>
      {failure && (
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(failure, lang) ?? word('network', lang) }]}
        />
      )}
      <div className="notifications-tools">
        <fieldset className="notifications-filter">
          <legend>{t('filter', lang)}</legend>
          {([false, true] as const).map((u) => (
            <label key={String(u)}>
              <input
                type="radio"
                name="notifications-filter"
                checked={unreadOnly === u}
                onChange={() => setUnreadOnly(u)}
              />{' '}
              {u ? t('showUnread', lang) : t('showAll', lang)}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="secondary"
          disabled={!anyUnread || mark.isPending}
          onClick={() => mark.mutate('all')}
          data-testid="mark-all-read"
        >
          {t('markAllRead', lang)}
        </button>
      </div>
      {list.isPending ? (
        <p role="status">{t('loading', lang)}</p>
      ) : items.length === 0 ? (
        <p data-testid="notifications-empty">{unreadOnly ? t('noneUnread', lang) : t('none', lang)}</p>
      ) : (
        <ol className="notification-list" data-testid="notifications">
          {items.map((n) => (
            <Item key={n.id} n={n} lang={lang} busy={mark.isPending} onRead={(id) => mark.mutate(id)} />
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('more', lang)}
        </button>
      )}
      <EmailForm connection={connection} lang={lang} />
    </section>
  );
}
