import { useEffect, useRef, useState } from 'react';
import { proposalReads } from '../../../shared/document-guess';
import { call } from '../bridge/client';
import { proposePeriod, wantsContent, withContent, type ProposedPeriod } from './file-periods';

/**
 * Each dropped file's proposal: its name at once, then (one file at a time, in the background) the words
 * inside it where the name said nothing. A row the person has changed is theirs and is never overwritten.
 */
export function useContentProposals(clientId: string, files: readonly File[], enabled: boolean) {
  const [periods, setPeriods] = useState<ProposedPeriod[]>(() => (enabled ? files.map((f) => proposePeriod(f.name)) : []));
  const [reading, setReading] = useState<number | null>(null);
  const touched = useRef(new Set<number>());

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    void (async () => {
      for (const [i, file] of files.entries()) {
        if (stopped) return;
        const named = proposePeriod(file.name);
        if (!wantsContent(named) || !proposalReads(file.name, file.size)) continue;
        setReading(i);
        try {
          const data = new Uint8Array(await file.arrayBuffer());
          const proposal = await call('docPropose', { clientId, name: file.name, data });
          if (stopped) return;
          if (!touched.current.has(i)) setPeriods((all) => all.map((p, j) => (j === i ? withContent(p, proposal) : p)));
        } catch {
          // Nothing read is nothing proposed: the row stays as its name left it (未识别).
        }
      }
      if (!stopped) setReading(null);
    })();
    return () => {
      stopped = true;
    };
  }, [clientId, files, enabled]);

  return {
    periods,
    /** The file whose content is being read now, or null. */
    reading,
    change(index: number, period: ProposedPeriod) {
      touched.current.add(index);
      setPeriods((all) => all.map((p, i) => (i === index ? period : p)));
    },
    setAll(update: (p: ProposedPeriod) => ProposedPeriod) {
      files.forEach((_, i) => touched.current.add(i));
      setPeriods((all) => all.map(update));
    },
  };
}
