interface Props {
  readonly records: readonly Readonly<Record<string, unknown>>[];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The session's records as the server sent them: one column per field, in the server's order. */
export function RecordsTable({ records }: Props) {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Your records">
      <table class="records" data-testid="records">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{cell(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
