/** What a pupil's record still lacks, as a list (or "complete"). */
import type { Lang } from '../../words.ts';
import { type Gap, gapText } from './missing.ts';
import { hw } from './words.ts';

export function Gaps({
  gaps,
  level,
  lang,
}: {
  gaps: Gap[];
  level: Parameters<typeof gapText>[1];
  lang: Lang;
}) {
  if (gaps.length === 0) return <span className="hr-done">{hw('nothingMissing', lang)}</span>;
  return (
    <ul className="hr-missing">
      {gaps.map((g) => (
        <li key={g.kind}>{gapText(g, level, lang)}</li>
      ))}
    </ul>
  );
}
