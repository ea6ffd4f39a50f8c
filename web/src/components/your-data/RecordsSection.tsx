import type { MyData } from '../../api/privacy.js';
import { describeOutcome, type MyDataState } from '../../lib/use-my-data.js';
import { DownloadIcon, TrashIcon } from '../icons.js';
import { RecordsTable } from '../RecordsTable.js';

type Props = Pick<MyDataState, 'mine' | 'data' | 'missing' | 'message' | 'busy' | 'confirming' | 'setConfirming' | 'erase' | 'download'>;

/** This session's records: the last action's outcome, how many there are, the table, and the actions. */
export function RecordsSection({ mine, data, missing, message, busy, confirming, setConfirming, erase, download }: Props) {
  return (
    <section class="card" aria-labelledby="mine-title">
      <h2 id="mine-title">Your records</h2>
      <p>
        Records are tied to this browser session only through a random identifier in a session cookie, which ends when you close the browser. Nothing
        ties it to you.
      </p>
      {message && (
        <p class={`callout ${message.kind === 'error' ? 'error' : 'success'}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {mine.state === 'loading' && <p class="muted">Loading…</p>}
      {mine.state === 'done' && !mine.outcome.ok && (
        <p class="callout" role="status" data-testid="my-data-problem">
          {describeOutcome(mine.outcome)}
        </p>
      )}
      {data && (
        <>
          <p data-testid="record-count">
            {data.records.length === 0
              ? 'Nothing is recorded for this session.'
              : `${data.records.length} ${data.records.length === 1 ? 'record' : 'records'} for this session:`}
          </p>
          {data.records.length > 0 && <RecordsTable records={data.records} />}
        </>
      )}
      {!missing && <RecordActions data={data} busy={busy} confirming={confirming} onDownload={download} onConfirm={setConfirming} onErase={erase} />}
    </section>
  );
}

interface RecordActionsProps {
  readonly data: MyData | undefined;
  readonly busy: boolean;
  readonly confirming: boolean;
  readonly onDownload: () => void;
  readonly onConfirm: (confirming: boolean) => void;
  readonly onErase: () => void;
}

/** Download and erase; erasing asks once more, in the page rather than in a browser dialog. */
function RecordActions({ data, busy, confirming, onDownload, onConfirm, onErase }: RecordActionsProps) {
  return (
    <div class="button-row">
      <button type="button" class="button" disabled={!data || busy} onClick={onDownload}>
        <DownloadIcon />
        Download as JSON
      </button>
      {!confirming ? (
        <button type="button" class="button danger-outline" disabled={busy || !data || data.records.length === 0} onClick={() => onConfirm(true)}>
          <TrashIcon />
          Erase my records
        </button>
      ) : (
        <span class="confirm" role="group" aria-label="Confirm erasure">
          <span>Erase every record of this session? This cannot be undone.</span>
          <button type="button" class="button danger" disabled={busy} onClick={onErase}>
            Yes, erase
          </button>
          <button type="button" class="button ghost" onClick={() => onConfirm(false)}>
            Cancel
          </button>
        </span>
      )}
    </div>
  );
}
