import { useEffect, useState } from 'preact/hooks';
import { eraseMyData, getFieldModel, getMyData, optIn, optOut, type FieldModel, type MyData, type Outcome } from '../api/privacy.js';

/** The statistics feature is not installed on this server. */
const MISSING = 'This server does not record statistics (its statistics feature is not installed), so there is nothing to show, download or erase.';

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'done'; readonly outcome: Outcome<T> };

/** A failed outcome in a sentence; undefined for a success. */
export function describeOutcome<T>(outcome: Outcome<T>): string | undefined {
  if (outcome.ok) return undefined;
  return outcome.missing ? MISSING : outcome.problem.message;
}

export interface MyDataState {
  /** What the server records for each compression. */
  readonly model: Load<FieldModel>;
  /** This session's records. */
  readonly mine: Load<MyData>;
  /** The records, once loaded. */
  readonly data: MyData | undefined;
  /** The statistics feature is not installed: nothing to act on. */
  readonly missing: boolean;
  /** The last action's outcome in a sentence. */
  readonly message: { readonly text: string; readonly kind: 'ok' | 'error' } | undefined;
  /** An action is on its way: the buttons wait. */
  readonly busy: boolean;
  /** Erasing asks once more, in the page. */
  readonly confirming: boolean;
  readonly setConfirming: (confirming: boolean) => void;
  readonly erase: () => void;
  readonly optOut: () => void;
  readonly optIn: () => void;
  /** The records as the server sent them, saved as a JSON file. */
  readonly download: () => void;
}

function downloadJson(data: MyData): void {
  const url = URL.createObjectURL(new Blob([data.raw], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'my-compressorimage-data.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The "Your data" page's state: the field model and this session's records, loaded on arrival;
 * erasing, switching statistics off and on (each followed by a fresh load); the JSON download.
 */
export function useMyData(): MyDataState {
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
    const problem = describeOutcome(outcome);
    setMessage(problem ? { text: problem, kind: 'error' } : { text: success, kind: 'ok' });
    await loadMine();
  };

  const data = mine.state === 'done' && mine.outcome.ok ? mine.outcome.value : undefined;
  return {
    model,
    mine,
    data,
    missing: mine.state === 'done' && !mine.outcome.ok && mine.outcome.missing,
    message,
    busy,
    confirming,
    setConfirming,
    erase: () => void act(eraseMyData, 'Your records are erased.'),
    optOut: () => void act(optOut, 'Statistics are switched off for this session.'),
    optIn: () => void act(optIn, 'Statistics are switched on again for this session.'),
    download: () => {
      if (data) downloadJson(data);
    },
  };
}
