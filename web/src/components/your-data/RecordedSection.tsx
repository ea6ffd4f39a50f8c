import type { FieldModel, RecordedField } from '../../api/privacy.js';
import type { Load } from '../../lib/use-my-data.js';

/** What is never recorded, when the server does not list it itself (the product's promises P3, P4, P9). */
const NEVER_RECORDED = [
  'your images, or anything derived from their content',
  'file names',
  'your IP address (it is used for a moment to look up a coarse location and the rate limit, then forgotten)',
  'the raw user-agent string, the full address of the page you came from, or any account',
];

const MISSING_FIELDS = 'This server does not publish its list of recorded fields (its statistics feature is not installed); the privacy policy describes what it records.';

/** What is recorded for each compression (the server's field model), and what never is. */
export function RecordedSection({ model }: { readonly model: Load<FieldModel> }) {
  const fields = model.state === 'done' && model.outcome.ok ? model.outcome.value : undefined;
  const never = fields && fields.never.length > 0 ? fields.never : NEVER_RECORDED;
  return (
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
