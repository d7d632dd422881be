/** What a report holds per district (batches, records, waiting for the district): one table for the preview and the list. */
import type { Lang } from '../../words.ts';
import { n } from './data.ts';
import { TableBox } from './TableBox.tsx';
import { rw } from './words.ts';

interface Counts {
  batches: number;
  records: number;
  waitingAcceptance: number;
}

export function DistrictTable(props: {
  label: string;
  districts: readonly (Counts & { districtId: string; districtName: string })[];
  /** The whole report's counts, as a footer row. */
  total?: Counts;
  testId?: string;
  lang: Lang;
}) {
  const { lang } = props;
  const cells = (c: Counts) => (
    <>
      <td className="num">{n(c.batches, lang)}</td>
      <td className="num">{n(c.records, lang)}</td>
      <td className="num">{n(c.waitingAcceptance, lang)}</td>
    </>
  );
  return (
    <TableBox label={props.label}>
      <table className="grid" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">{rw('colDistrict', lang)}</th>
            <th scope="col" className="num">
              {rw('colBatches', lang)}
            </th>
            <th scope="col" className="num">
              {rw('colRecords', lang)}
            </th>
            <th scope="col" className="num">
              {rw('colWaitingAcceptance', lang)}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.districts.map((d) => (
            <tr key={d.districtId}>
              <th scope="row">{d.districtName}</th>
              {cells(d)}
            </tr>
          ))}
        </tbody>
        {props.total && (
          <tfoot>
            <tr>
              <th scope="row">{rw('total', lang)}</th>
              {cells(props.total)}
            </tr>
          </tfoot>
        )}
      </table>
    </TableBox>
  );
}
