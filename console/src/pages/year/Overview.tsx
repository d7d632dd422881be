/**
 * The districts and, opened, their schools: how many classes are locked, signed and anchored, accepted, the
 * records locked, and what is late in words ("3 trường chưa khóa học bạ, quá hạn 2 ngày"). "Chỉ trường
 * chậm" keeps the late schools (and the districts that have some). A district officer's one district opens
 * at once.
 */
import { useState } from 'react';
import type { Lang } from '../../words.ts';
import type { Counts, DistrictProgress, Progress, SchoolProgress } from './data.ts';
import { STATE_WORD, type YearWord, yw } from './words.ts';

function Bar({ n, total, lang }: { n: number; total: number; lang: Lang }) {
  const pct = total === 0 ? 0 : Math.round((100 * n) / total);
  return (
    <span className="progress-cell">
      <span className="num-text">{yw('ofTotal', lang, { n, total })}</span>
      <span className="bar" aria-hidden="true">
        <span className="fill" style={{ width: `${pct}%` }} />
      </span>
    </span>
  );
}

const SCHOOL_LATE: Record<string, YearWord> = {
  lock: 'lateLock',
  signature: 'lateSignature',
  acceptance: 'lateAcceptance',
};
const DISTRICT_LATE: Record<string, YearWord> = {
  lock: 'lateLockSchools',
  signature: 'lateSignatureSchools',
  acceptance: 'lateAcceptanceSchools',
};

/** What is late (in red), then what is not late yet but still to do before a deadline (in plain ink). */
function LateList({ items, pending = [], lang }: { items: string[]; pending?: string[]; lang: Lang }) {
  if (items.length === 0 && pending.length === 0)
    return <span className="on-time">{yw('onTime', lang)}</span>;
  return (
    <>
      {items.length > 0 && (
        <ul className="late-list">
          {items.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <ul className="pending-list">
          {pending.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function CountCells({ c, lang }: { c: Counts; lang: Lang }) {
  return (
    <>
      <td>
        <Bar n={c.classesLocked} total={c.classes} lang={lang} />
      </td>
      <td>
        <Bar n={c.classesAnchored} total={c.classes} lang={lang} />
      </td>
      <td>
        <Bar n={c.classesAccepted} total={c.classes} lang={lang} />
      </td>
      <td className="num">{yw('ofTotal', lang, { n: c.recordsLocked, total: c.records })}</td>
    </>
  );
}

function Schools({ schools, lang, name }: { schools: SchoolProgress[]; lang: Lang; name: string }) {
  return (
    <table className="grid schools-table" aria-label={yw('schoolsOf', lang, { name })}>
      <thead>
        <tr>
          <th scope="col">{yw('school', lang)}</th>
          <th scope="col">{yw('state', lang)}</th>
          <th scope="col">{yw('locked', lang)}</th>
          <th scope="col">{yw('signed', lang)}</th>
          <th scope="col">{yw('accepted', lang)}</th>
          <th scope="col" className="num">
            {yw('recordsLocked', lang)}
          </th>
          <th scope="col">{yw('late', lang)}</th>
        </tr>
      </thead>
      <tbody>
        {schools.map((s) => (
          <tr
            key={s.schoolId}
            data-testid={`school-${s.schoolId}`}
            className={s.late.length ? 'is-late' : undefined}
          >
            <th scope="row">{s.name}</th>
            <td>{yw(STATE_WORD[s.state] ?? 'notStarted', lang)}</td>
            <CountCells c={s.counts} lang={lang} />
            <td>
              <LateList
                lang={lang}
                items={s.late.map((l) =>
                  yw(SCHOOL_LATE[l.kind] ?? 'lateLock', lang, { n: l.classes, days: l.days }),
                )}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function districtLate(
  d: DistrictProgress,
  lang: Lang,
  calendarSet: boolean,
): { late: string[]; pending: string[] } {
  const late = d.late.map((l) =>
    yw(DISTRICT_LATE[l.kind] ?? 'lateLockSchools', lang, { n: l.schools, days: l.days }),
  );
  // Before the lock deadline nothing is late, but the province still wants to see who has not locked:
  // said apart from what is late, not in red.
  const notLocked = d.schools.notStarted + d.schools.locking;
  const pending =
    !d.late.some((l) => l.kind === 'lock') && notLocked > 0 && calendarSet
      ? [yw('notLockedSchools', lang, { n: notLocked })]
      : [];
  return { late, pending };
}

function DistrictLate({ d, lang, calendarSet }: { d: DistrictProgress; lang: Lang; calendarSet: boolean }) {
  const { late, pending } = districtLate(d, lang, calendarSet);
  return <LateList items={late} pending={pending} lang={lang} />;
}

export function Overview({ progress, lang, single }: { progress: Progress; lang: Lang; single: boolean }) {
  const [lateOnly, setLateOnly] = useState(false);
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(single ? progress.districts.map((d) => d.districtId) : []),
  );
  const schoolsOf = (districtId: string) =>
    progress.schools.filter((s) => s.districtId === districtId && (!lateOnly || s.late.length > 0));
  const districts = progress.districts.filter((d) => !lateOnly || d.late.length > 0);
  const toggle = (id: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <section className="card" aria-labelledby="year-overview-title">
      <h3 id="year-overview-title">{yw('overviewTitle', lang)}</h3>
      <div className="checkbox">
        <input
          id="late-only"
          type="checkbox"
          checked={lateOnly}
          onChange={(e) => setLateOnly(e.target.checked)}
        />
        <label htmlFor="late-only">{yw('lateOnly', lang)}</label>
      </div>
      {districts.length === 0 ? (
        <p>{yw(lateOnly ? 'noLateSchools' : 'noSchools', lang)}</p>
      ) : (
        <div className="scroll">
          <table className="grid districts-table" data-testid="districts">
            <thead>
              <tr>
                <th scope="col">{yw('district', lang)}</th>
                <th scope="col" className="num">
                  {yw('schools', lang)}
                </th>
                <th scope="col">{yw('locked', lang)}</th>
                <th scope="col">{yw('signed', lang)}</th>
                <th scope="col">{yw('accepted', lang)}</th>
                <th scope="col" className="num">
                  {yw('recordsLocked', lang)}
                </th>
                <th scope="col">{yw('late', lang)}</th>
              </tr>
            </thead>
            {districts.map((d) => {
              const isOpen = open.has(d.districtId);
              const schools = schoolsOf(d.districtId);
              return (
                <tbody key={d.districtId} data-testid={`district-${d.districtId}`}>
                  <tr className={d.late.length ? 'is-late' : undefined}>
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={isOpen}
                        aria-controls={`schools-${d.districtId}`}
                        onClick={() => toggle(d.districtId)}
                      >
                        <span aria-hidden="true">{isOpen ? '▾ ' : '▸ '}</span>
                        {d.name}
                        <span className="visually-hidden">
                          {' '}
                          — {yw(isOpen ? 'hideSchools' : 'showSchools', lang)}
                        </span>
                      </button>
                    </th>
                    <td className="num">{d.schools.total}</td>
                    <CountCells c={d.counts} lang={lang} />
                    <td>
                      <DistrictLate d={d} lang={lang} calendarSet={progress.calendar !== null} />
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="schools-row" id={`schools-${d.districtId}`}>
                      <td colSpan={7}>
                        {schools.length === 0 ? (
                          <p>{yw(lateOnly ? 'noLateSchools' : 'noSchools', lang)}</p>
                        ) : (
                          <Schools schools={schools} lang={lang} name={d.name} />
                        )}
                      </td>
                    </tr>
                  )}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </section>
  );
}
