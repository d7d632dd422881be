/**
 * The Marks area (issue 13, the subject teacher): `#/marks` lists the classes and subjects the session's
 * grants name (one grant opens its grid at once), `#/marks/<classId>/<subject>` is that grid. A subject
 * teacher's grants name a class and a subject; a homeroom teacher's name her class, whose every subject of
 * the grade's programme she may enter (policy: records.enter, homeroomTeacher by class) — and, for a primary
 * class, `#/marks/<classId>/homeroom`: the homeroom part of the whole class (qualities, competencies,
 * comments) in the same grid, saved in one call (PUT /v1/classes/:classId/homeroom).
 */
import { curriculumFor, instantText, subjectName } from '@hocba/records';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { PageProps } from '../../shell/page.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import './marks.css';
import { gridShape, HOMEROOM, homeroomShape } from './columns.ts';
import { levelOfGrade, loadClassMarks } from './load.ts';
import { MarksSheet, type Saved } from './MarksSheet.tsx';
import { mw } from './words.ts';

interface Grant {
  classId: string;
  subject?: string | undefined;
}

function grantsOf(scope: PageProps['session']['scope']): Grant[] {
  return scope.flatMap((s) => (s.classId ? [{ classId: s.classId, subject: s.subject }] : []));
}

export default function MarksPage({ connection, lang, session, rest }: PageProps) {
  const grants = grantsOf(session.scope);
  const only = grants.length === 1 && grants[0]!.subject ? grants[0]! : undefined;
  const [classId, subject] = rest.length >= 2 ? rest : only ? [only.classId, only.subject!] : [];
  if (classId && subject)
    return (
      <MarksGrid
        key={`${classId}/${subject}`}
        connection={connection}
        lang={lang}
        classId={classId}
        subject={subject}
        canChoose={!only || rest.length >= 2}
      />
    );
  return <ChooseGrant connection={connection} lang={lang} grants={grants} />;
}

function MarksGrid({
  connection,
  lang,
  classId,
  subject,
  canChoose,
}: {
  connection: Connection;
  lang: Lang;
  classId: string;
  subject: string;
  canChoose: boolean;
}) {
  const queries = useQueryClient();
  const [saved, setSaved] = useState<Saved | null>(null);
  // The sheet starts again from the gateway's data only when asked to (a save keeps the focus where it is).
  const [generation, setGeneration] = useState(0);
  const key = ['class-marks', classId, subject];
  const q = useQuery({
    queryKey: key,
    queryFn: () => loadClassMarks(connection, classId, subject),
    staleTime: 0,
  });
  const back = canChoose && (
    <p>
      <a href={hashOf(['marks'])}>{mw('otherChoice', lang)}</a>
    </p>
  );
  if (q.isPending) return <p aria-busy="true">…</p>;
  if (q.isError || !q.data)
    return (
      <>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(q.error, lang) ?? mw('loadFailed', lang) }]}
        />
        {back}
      </>
    );
  const data = q.data;
  const withTopic = data.rows.some((r) => (r.entry as { topicCluster?: boolean } | undefined)?.topicCluster);
  const shape =
    subject === HOMEROOM
      ? homeroomShape(data.level, data.grade)
      : gridShape(data.level, data.grade, subject, withTopic);
  if (!shape)
    return (
      <>
        <p className="notice">{mw(subject === HOMEROOM ? 'homeroomSecondary' : 'notTaught', lang)}</p>
        {back}
      </>
    );
  return (
    <>
      {back}
      <MarksSheet
        key={generation}
        connection={connection}
        lang={lang}
        data={data}
        shape={shape}
        saved={saved}
        onSaved={(count) => {
          setSaved({ at: instantText(new Date().toISOString())?.[lang] ?? '', count });
          void queries.invalidateQueries({ queryKey: key });
        }}
        onReload={() => {
          setSaved(null);
          void queries.refetchQueries({ queryKey: key }).then(() => setGeneration((n) => n + 1));
        }}
      />
    </>
  );
}

function ChooseGrant({ connection, lang, grants }: { connection: Connection; lang: Lang; grants: Grant[] }) {
  const classIds = [...new Set(grants.map((g) => g.classId))];
  const classes = useQueries({
    queries: classIds.map((classId) => ({
      queryKey: ['class-list', classId],
      queryFn: async () => {
        const { data, error } = await connection.api.GET('/v1/classes/{classId}/students', {
          params: { path: { classId } },
        });
        if (!data) throw error;
        return data;
      },
    })),
  });
  if (grants.length === 0)
    return (
      <section className="card" aria-labelledby="marks-choose">
        <h2 id="marks-choose">{mw('chooseTitle', lang)}</h2>
        <p>{mw('noGrant', lang)}</p>
      </section>
    );
  if (classes.some((c) => c.isPending)) return <p aria-busy="true">…</p>;
  const failed = classes.find((c) => c.isError);
  if (failed)
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(failed.error, lang) ?? mw('loadFailed', lang) }]}
      />
    );
  const links = grants.flatMap((g) => {
    const cls = classes[classIds.indexOf(g.classId)]!.data!;
    const subjects = g.subject
      ? [g.subject]
      : (curriculumFor(levelOfGrade(cls.grade), cls.grade)?.subjects.map((s) => s.code) ?? []);
    const className = `${mw('classLabel', lang)} ${cls.className}`;
    // The homeroom teacher (a grant of the whole class) of a primary class: its homeroom part, all pupils.
    const homeroom =
      !g.subject && levelOfGrade(cls.grade) === 'TH'
        ? [
            {
              href: hashOf(['marks', g.classId, HOMEROOM]),
              text: `${className} — ${mw('homeroomChoice', lang)}`,
            },
          ]
        : [];
    return [
      ...homeroom,
      ...subjects.map((s) => ({
        href: hashOf(['marks', g.classId, s]),
        text: `${className} — ${subjectName(s)[lang]}`,
      })),
    ];
  });
  return (
    <section className="card" aria-labelledby="marks-choose">
      <h2 id="marks-choose">{mw('chooseTitle', lang)}</h2>
      <p>{mw('chooseIntro', lang)}</p>
      <ul className="marks-choices">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.text}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
