/**
 * The reports area (issue 14): the province's yearly report to the Ministry (what it will hold, what still
 * waits, sending it and following it to the ledger), the Ministry's list of reports and its
 * acknowledgement, and the statistics table with its Excel download. Addresses:
 * `#/reports/<view>/<year>[/<seq>]`, view one of year, list, statistics, submit, sent, acknowledge,
 * acknowledged; none: the first view of the role.
 */
import type { PageProps } from '../../shell/page.ts';
import { AckConfirm, SubmitConfirm } from './Confirm.tsx';
import { schoolYearOf, type View, viewsOf } from './data.ts';
import { Following } from './Following.tsx';
import { ReportList } from './ReportList.tsx';
import { StatisticsView } from './Statistics.tsx';
import { SubNav } from './SubNav.tsx';
import { YearReport } from './YearReport.tsx';
import './reports.css';

const YEAR = /^\d{4}-\d{4}$/;

export default function ReportsPage({ connection, lang, session, rest }: PageProps) {
  const views = viewsOf(session.role);
  const [first, second, third] = rest;
  const year = second && YEAR.test(second) ? second : schoolYearOf(new Date());
  const seq = Number(third);
  const props = { connection, lang, year };
  let body: React.ReactNode;
  let view: View = views[0]!;
  switch (first) {
    case 'submit':
      return <SubmitConfirm {...props} />;
    case 'sent':
      return <Following {...props} seq={seq} what="submit" />;
    case 'acknowledge':
      return <AckConfirm {...props} seq={seq} />;
    case 'acknowledged':
      return <Following {...props} seq={seq} what="acknowledge" />;
    default:
      if (first && (views as string[]).includes(first)) view = first as View;
  }
  if (view === 'year') body = <YearReport {...props} />;
  else if (view === 'list') body = <ReportList {...props} canAcknowledge />;
  else body = <StatisticsView {...props} session={session} />;
  return (
    <div className="reports">
      <SubNav lang={lang} views={views} view={view} year={year} />
      {body}
    </div>
  );
}
