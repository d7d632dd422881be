/** The words of the notifications area, Vietnamese first. A notification's own words come from the gateway. */
import type { Lang } from '../../words.ts';

const WORDS = {
  title: { vi: 'Thông báo', en: 'Notifications' },
  intro: {
    vi: 'Các việc đang chờ xử lý và các mốc thời gian sắp đến: lô học bạ chờ tiếp nhận, đề nghị đính chính chờ kiểm tra hoặc phê duyệt, thời gian mở/khóa nhập liệu, hạn sắp đến.',
    en: 'What waits to be done and the dates coming up: batches to accept, corrections to check or approve, data entry opened or closed, deadlines near.',
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
  emailTitle: { vi: 'Nhận thông báo qua e-mail', en: 'Notifications by e-mail' },
  emailLabel: { vi: 'Địa chỉ e-mail', en: 'E-mail address' },
  emailHint: {
    vi: 'Mỗi thông báo mới được gửi một lần tới địa chỉ này (khi hệ thống có máy chủ thư).',
    en: 'Each new notification is sent once to this address (when the system has a mail server).',
  },
  emailSave: { vi: 'Lưu địa chỉ', en: 'Save the address' },
  emailRemove: { vi: 'Không nhận qua e-mail nữa', en: 'Stop e-mails' },
  emailSaved: { vi: 'Đã lưu địa chỉ nhận thông báo.', en: 'The address was saved.' },
  emailRemoved: {
    vi: 'Đã bỏ địa chỉ: thông báo chỉ hiện ở đây.',
    en: 'Address removed: notifications show here only.',
  },
  emailMissing: { vi: 'Nhập địa chỉ e-mail', en: 'Enter an e-mail address' },
  emailInvalid: {
    vi: 'Nhập địa chỉ e-mail đúng dạng, ví dụ ten@truong.edu.vn',
    en: 'Enter an e-mail address in the right form, like name@school.edu.vn',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type NotificationWord = keyof typeof WORDS;

export function t(key: NotificationWord, lang: Lang): string {
  return WORDS[key][lang];
}

/** The badge's text: "Thông báo (3)" / "Notifications (3)"; no count when nothing is unread. */
export function badgeText(unread: number | undefined, lang: Lang): string {
  return unread ? `${WORDS.title[lang]} (${unread})` : WORDS.title[lang];
}
