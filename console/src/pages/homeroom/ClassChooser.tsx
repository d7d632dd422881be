/** A homeroom teacher with several classes picks one, each named as the school names it (not by its id). */
import { useQueries } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { hw } from './words.ts';

export function ClassChooser({
  connection,
  lang,
  classIds,
}: {
  connection: Connection;
  lang: Lang;
  classIds: string[];
}) {
  const names = useQueries({
    queries: classIds.map((classId) => ({
      queryKey: ['homeroom', 'class-name', classId],
      queryFn: async () => {
        const { data } = await connection.api.GET('/v1/classes/{classId}/students', {
          params: { path: { classId } },
        });
        return data ? `${data.className} (${data.schoolYear})` : null;
      },
    })),
  });
  return (
    <section aria-labelledby="hr-title">
      <h2 id="hr-title">{hw('chooseClass', lang)}</h2>
      {classIds.length === 0 ? (
        <p>{hw('noClass', lang)}</p>
      ) : (
        <ul>
          {classIds.map((c, i) => (
            <li key={c}>
              <a href={hashOf(['homeroom', c])}>{names[i]?.data ?? '…'}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
