/** What each of the area's screens is given. */
import { subjectName } from '@hocba/records';
import type { Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import type { Step } from './data.ts';

export interface ScreenProps {
  connection: Connection;
  lang: Lang;
  step: Step | null;
  schoolId: string;
}

/** The subject's name as the curriculum gives it (Toán, Tiếng Việt…). */
export const subjectText = (code: string, lang: Lang) => subjectName(code)[lang];
