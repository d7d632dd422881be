/** What every area's page receives from the shell. */
import type { Connection } from '../api/client.ts';
import type { Session } from '../session.ts';
import type { Lang } from '../words.ts';

export interface PageProps {
  connection: Connection;
  lang: Lang;
  session: Session;
  /** The school the session works for (its grant's scope); absent for roles above schools. */
  schoolId?: string | undefined;
  /** The rest of the hash path after the area's own, e.g. `5b…/TOAN` for `#/marks/5b…/TOAN`. */
  rest: string[];
}

/** An area of the console: one entry in the navigation, one page, the roles that see it. */
export interface Area {
  /** The first segment of the hash path: `#/<path>`. */
  path: string;
  label: { vi: string; en: string };
  roles: readonly string[];
  /** Loaded when first opened, so the first screen stays small. */
  load: () => Promise<{ default: (props: PageProps) => React.ReactNode }>;
}
