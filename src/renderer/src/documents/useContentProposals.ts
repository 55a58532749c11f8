import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportProposal } from '../../../shared/document-guess';
import { proposalReads } from '../../../shared/document-guess';
import { call } from '../bridge/client';
import { proposePeriod, wantsContent, withContent, type ProposedPeriod } from './file-periods';

/** A file of the batch, as far as proposals need it. */
export interface ProposalItem {
  name: string;
  size: number;
}

/** Main's proposal for the batch's file at `index` (its name, then its words). */
export type Proposer = (index: number) => Promise<ImportProposal>;

/** Dropped files: their bytes go to main, are read there, and are not kept. */
export function dropProposer(clientId: string, files: readonly File[]): Proposer {
  return async (index) => {
    const file = files[index]!;
    const data = new Uint8Array(await file.arrayBuffer());
    return call('docPropose', { clientId, name: file.name, data });
  };
}

/** Picked files: main reads them where they are, by the pick's token; no bytes cross. */
export function pickProposer(clientId: string, token: string): Proposer {
  return (index) => call('docPickPropose', { clientId, token, index });
}

/**
 * Each file's proposal: its name at once, then (one file at a time, in the background) the words inside
 * it where the name said nothing. A row the person has changed is theirs and is never overwritten.
 * Rows arrive one by one, so a folder of hundreds fills in while the dialog stays usable.
 */
export function useContentProposals(items: readonly ProposalItem[], propose: Proposer) {
  const [periods, setPeriods] = useState<ProposedPeriod[]>(() => items.map((f) => proposePeriod(f.name)));
  const [reading, setReading] = useState<number | null>(null);
  const touched = useRef(new Set<number>());

  useEffect(() => {
    let stopped = false;
    void (async () => {
      for (const [i, item] of items.entries()) {
        if (stopped) return;
        if (!wantsContent(proposePeriod(item.name)) || !proposalReads(item.name, item.size)) continue;
        setReading(i);
        try {
          const proposal = await propose(i);
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
  }, [items, propose]);

  const change = useCallback((index: number, period: ProposedPeriod) => {
    touched.current.add(index);
    setPeriods((all) => all.map((p, i) => (i === index ? period : p)));
  }, []);

  const setAll = useCallback(
    (update: (p: ProposedPeriod) => ProposedPeriod) => {
      items.forEach((_, i) => touched.current.add(i));
      setPeriods((all) => all.map(update));
    },
    [items],
  );

  return {
    periods,
    /** The file whose content is being read now, or null. */
    reading,
    change,
    setAll,
  };
}
