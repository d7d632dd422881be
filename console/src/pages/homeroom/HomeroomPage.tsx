/** Stub: the My class area (issue 13), replaced by its page. */
import type { PageProps } from '../../shell/page.ts';

export default function HomeroomPage({ lang }: PageProps) {
  return <p>{lang === 'vi' ? 'Đang xây dựng.' : 'Being built.'}</p>;
}
