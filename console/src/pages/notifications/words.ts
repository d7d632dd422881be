/** The words of the notifications area, Vietnamese first. A notification's own words come from the gateway. */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Thông báo', en: 'Notifications' },
  intro: {
    vi: 'Việc đang chờ thầy cô và các mốc thời gian sắp đến: lô học bạ chờ tiếp nhận, đề nghị đính chính chờ kiểm tra hoặc phê duyệt, thời gian mở/khóa nhập liệu, hạn sắp đến.',
    en: 'What waits for you and the dates coming up: batches to accept, corrections to check or approve, data entry opened or closed, deadlines near.',
  },
  showAll: { vi: 'Tất cả', en: 'All' },
  showUnread: { vi: 'Chưa đọc', en: 'Unread' },
  filter: { vi: 'Hiển thị', en: 'Show' },
  when: { vi: 'Thời gian', en: 'When' },
  what: { vi: 'Nội dung', en: 'What' },
  status: { vi: 'Trạng thái', en: 'Status' },
  act: { vi: 'Xử lý', en: 'Act' },
  unread: { vi: 'Chưa đọc', en: 'Unread' },
  read: { vi: 'Đã đọc', en: 'Read' },
  open: { vi: 'Mở', en: 'Open' },
  markRead: { vi: 'Đánh dấu đã đọc', en: 'Mark as read' },
  markAllRead: { vi: 'Đánh dấu tất cả đã đọc', en: 'Mark all as read' },
  none: { vi: 'Không có thông báo nào.', en: 'No notifications.' },
  noneUnread: { vi: 'Không có thông báo chưa đọc.', en: 'No unread notifications.' },
  more: { vi: 'Xem thêm', en: 'Show more' },
  loading: { vi: 'Đang tải thông báo…', en: 'Loading notifications…' },
  dueBy: { vi: 'Hạn', en: 'Due' },
  unreadCount: { vi: 'chưa đọc', en: 'unread' },
} as const satisfies Record<string, Record<Lang, string>>;

export type NotificationWord = keyof typeof WORDS;

export function t(key: NotificationWord, lang: Lang): string {
  return WORDS[key][lang];
}

/** The badge's text: "Thông báo (3)" / "Notifications (3)"; no count when nothing is unread. */
export function badgeText(unread: number | undefined, lang: Lang): string {
  return unread ? `${WORDS.title[lang]} (${unread})` : WORDS.title[lang];
}
