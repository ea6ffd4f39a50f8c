import { useEffect, useState } from 'preact/hooks';
import { eraseMyData, getFieldModel, getMyData, optIn, optOut, type FieldModel, type MyData, type Outcome, type RecordedField } from '../api/privacy.js';
import { useFocusHeading } from '../lib/focus.js';
import { RecordsTable } from './RecordsTable.js';
import { DownloadIcon, ShieldIcon, TrashIcon } from './icons.js';

/** What is never recorded, when the server does not list it itself (the product's promises P3, P4, P9). */
const NEVER_RECORDED = [
  'your images, or anything derived from their content',
  'file names',
  'your IP address (it is used for a moment to look up a coarse location and the rate limit, then forgotten)',
  'the raw user-agent string, the full address of the page you came from, or any account',
];

const MISSING = 'This server does not record statistics (its statistics feature is not installed), so there is nothing to show, download or erase.';
const MISSING_FIELDS = 'This server does not publish its list of recorded fields (its statistics feature is not installed); the privacy policy describes what it records.';

type Load<T> = { readonly state: 'loading' } | { readonly state: 'done'; readonly outcome: Outcome<T> };

function gpcEnabled(): boolean {
  return (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true || navigator.doNotTrack === '1';
}

function describe<T>(outcome: Outcome<T>): string | undefined {
  if (outcome.ok) return undefined;
  return outcome.missing ? MISSING : outcome.problem.message;
}

export function YourDataPage() {
  const heading = useFocusHeading();
  const [model, setModel] = useState<Load<FieldModel>>({ state: 'loading' });
  const [mine, setMine] = useState<Load<MyData>>({ state: 'loading' });
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' } | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const loadMine = async (): Promise<void> => setMine({ state: 'done', outcome: await getMyData() });

  useEffect(() => {
    void getFieldModel().then((outcome) => setModel({ state: 'done', outcome }));
    void loadMine();
  }, []);

  const act = async (action: () => Promise<Outcome<null>>, success: string): Promise<void> => {
    setBusy(true);
    const outcome = await action();
    setBusy(false);
    setConfirming(false);
    const problem = describe(outcome);
    setMessage(problem ? { text: problem, kind: 'error' } : { text: success, kind: 'ok' });
    await loadMine();
  };

  const downloadJson = (data: MyData): void => {
    const url = URL.createObjectURL(new Blob([data.raw], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'my-compressorimage-data.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const data = mine.state === 'done' && mine.outcome.ok ? mine.outcome.value : undefined;
  // The statistics feature is not installed: nothing to act on.
  const missing = mine.state === 'done' && !mine.outcome.ok && mine.outcome.missing;
  const fields = model.state === 'done' && model.outcome.ok ? model.outcome.value : undefined;
  const never = fields && fields.never.length > 0 ? fields.never : NEVER_RECORDED;

  return (
    <div class="page your-data">
      <h1 ref={heading} tabIndex={-1}>
        Your data
      </h1>
      <p class="lede">
        Your images are compressed in memory and forgotten as soon as the answer is sent: they are never written to disk, logged or kept. For each
        compression we record a few anonymous numbers that help us run the service. Here you can see them, download them, erase them, or switch
        them off.
      </p>

      <section class="card" aria-labelledby="recorded-title">
        <h2 id="recorded-title">What is recorded for each compression</h2>
        {model.state === 'loading' && <p class="muted">Loading…</p>}
        {model.state === 'done' && !model.outcome.ok && (
          <p class="callout" role="status">
            {model.outcome.missing ? MISSING_FIELDS : model.outcome.problem.message}
          </p>
        )}
        {fields && (
          <>
            {fields.retention && <p>Records are deleted automatically after {fields.retention}.</p>}
            <FieldList fields={fields.fields} />
          </>
        )}
        <h3>Never recorded</h3>
        <ul class="never-list">
          {never.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
        <p>
          The full details, your rights and how to reach us are in the <a href="/privacy">privacy policy</a>.
        </p>
      </section>

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
            {describe(mine.outcome)}
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
        {!missing && (
          <RecordActions
            data={data}
            busy={busy}
            confirming={confirming}
            onDownload={() => data && downloadJson(data)}
            onConfirm={setConfirming}
            onErase={() => void act(eraseMyData, 'Your records are erased.')}
          />
        )}
      </section>

      <section class="card" aria-labelledby="optout-title">
        <h2 id="optout-title">
          <ShieldIcon class="inline-icon" /> Statistics for this session
        </h2>
        {gpcEnabled() && (
          <p class="callout success" data-testid="gpc-note">
            Your browser sends Global Privacy Control or Do Not Track, so nothing is recorded for you — no need to do anything.
          </p>
        )}
        {missing ? (
          <p>Nothing is recorded on this server, so there is nothing to switch off.</p>
        ) : (
          <Consent
            optedOut={data?.optedOut}
            busy={busy}
            onOptOut={() => void act(optOut, 'Statistics are switched off for this session.')}
            onOptIn={() => void act(optIn, 'Statistics are switched on again for this session.')}
          />
        )}
      </section>
    </div>
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

interface ConsentProps {
  readonly optedOut: boolean | undefined;
  readonly busy: boolean;
  readonly onOptOut: () => void;
  readonly onOptIn: () => void;
}

function Consent({ optedOut, busy, onOptOut, onOptIn }: ConsentProps) {
  let state = 'You can switch statistics off for this session at any time; compressing works exactly the same.';
  if (optedOut === true) state = 'Statistics are switched off for this session: your compressions are not recorded.';
  if (optedOut === false) state = 'Statistics are on for this session. You can switch them off at any time; compressing works exactly the same.';
  return (
    <>
      <p data-testid="consent-state">{state}</p>
      <div class="button-row">
        <button type="button" class="button" disabled={busy || optedOut === true} onClick={onOptOut}>
          Switch statistics off
        </button>
        <button type="button" class="button ghost" disabled={busy || optedOut === false} onClick={onOptIn}>
          Switch back on
        </button>
      </div>
    </>
  );
}

/** The recorded fields, under the server's group headings when it gives them. */
function FieldList({ fields }: { readonly fields: readonly RecordedField[] }) {
  const groups: { name: string | undefined; fields: RecordedField[] }[] = [];
  for (const f of fields) {
    const last = groups[groups.length - 1];
    if (last && last.name === f.group) last.fields.push(f);
    else groups.push({ name: f.group, fields: [f] });
  }
  return (
    <div data-testid="field-list">
      {groups.map((g, i) => (
        <div key={g.name ?? i}>
          {g.name && <h3 class="field-group">{g.name}</h3>}
          <dl class="field-list">
            {g.fields.map((f) => (
              <div class="field-item" key={f.name}>
                <dt>{f.label}</dt>
                <dd>
                  {f.description}
                  {f.why && <span class="why"> Why: {f.why}</span>}
                  {f.example && <span class="example">For example: {f.example}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}
