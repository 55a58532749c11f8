import { useEffect, useState } from 'react';
import { formatDateTime } from '../format/dates';

const ROWS = 9;
const COLUMNS = 4;

/**
 * The DLP mark over every preview: who is looking, and when, repeated
 * diagonally across the pane. Real text (not a background image), so it is
 * drawn on screen and printed on every page (print CSS makes it fixed).
 */
export function Watermark({ staffName }: { staffName: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const text = `${staffName} ${formatDateTime(now)}`;
  return (
    <div className="preview-watermark" aria-hidden="true" data-testid="preview-watermark" data-text={text}>
      <div className="preview-watermark-grid">
        {Array.from({ length: ROWS * COLUMNS }, (_, i) => (
          <span key={i}>{text}</span>
        ))}
      </div>
    </div>
  );
}
