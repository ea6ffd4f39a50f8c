import { useFocusHeading } from '../lib/focus.js';
import { useMyData } from '../lib/use-my-data.js';
import { ConsentSection } from './your-data/ConsentSection.js';
import { RecordedSection } from './your-data/RecordedSection.js';
import { RecordsSection } from './your-data/RecordsSection.js';

/** What is recorded and what never is; this session's records to see, download or erase; statistics off and on. */
export function YourDataPage() {
  const heading = useFocusHeading();
  const my = useMyData();

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
      <RecordedSection model={my.model} />
      <RecordsSection {...my} />
      <ConsentSection {...my} />
    </div>
  );
}
