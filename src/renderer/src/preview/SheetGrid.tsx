import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { flushSync } from 'react-dom';
import type { SheetMerge, SheetModel } from '../../../shared/office-preview';
import { columnName } from './sheet-columns';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 24;
const ROW_NUMBER_WIDTH = 52;

/**
 * One sheet as a grid like Excel's: column letters and row numbers that stay in view, cells
 * virtualised both ways (only what is on screen is in the DOM), merged ranges drawn over the
 * cells they cover. Printing swaps in a plain table of every row shown, so the printout is the
 * sheet and not the scrolled window of it.
 */
export function SheetGrid({ sheet }: { sheet: SheetModel }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const printing = usePrinting();
  const { rows, columns, widths, merges } = sheet;

  const offsets = useMemo(() => {
    const at = [0];
    for (let c = 0; c < columns; c++) at.push((at[c] ?? 0) + (widths[c] ?? 72));
    return at;
  }, [columns, widths]);
  const covered = useMemo(() => coveredCells(merges), [merges]);

  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns,
    getScrollElement: () => scrollRef.current,
    estimateSize: (c) => widths[c] ?? 72,
    overscan: 3,
  });

  if (printing) return <PrintTable sheet={sheet} covered={covered} />;

  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualCols = colVirtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? 0;
  const last = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const width = ROW_NUMBER_WIDTH + (offsets[columns] ?? 0);
  const cellBox = (row: number, col: number, m?: SheetMerge): CSSProperties => ({
    top: HEADER_HEIGHT + row * ROW_HEIGHT,
    left: ROW_NUMBER_WIDTH + (offsets[col] ?? 0),
    width: m ? (offsets[col + m.cols] ?? 0) - (offsets[col] ?? 0) : (widths[col] ?? 72),
    height: m ? m.rows * ROW_HEIGHT : ROW_HEIGHT,
  });

  return (
    <div className="sheet-grid" ref={scrollRef} data-testid="sheet-grid" role="grid" aria-rowcount={rows.length} aria-colcount={columns}>
      <div className="sheet-canvas" style={{ width, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT }}>
        <div className="sheet-head" style={{ width }}>
          <div className="sheet-corner" />
          {virtualCols.map((col) => (
            <div key={col.index} className="sheet-col-name" style={{ left: ROW_NUMBER_WIDTH + col.start, width: col.size }}>
              {columnName(col.index)}
            </div>
          ))}
        </div>
        <div className="sheet-row-numbers" style={{ height: rows.length * ROW_HEIGHT }}>
          {virtualRows.map((row) => (
            <div key={row.index} className="sheet-row-number" style={{ top: row.start }}>
              {row.index + 1}
            </div>
          ))}
        </div>
        {virtualRows.flatMap((row) =>
          virtualCols.map((col) => {
            if (covered.has(key(row.index, col.index))) return null;
            const text = rows[row.index]?.[col.index] ?? '';
            return (
              <div key={key(row.index, col.index)} className={cellClass(text)} style={cellBox(row.index, col.index)} role="gridcell" data-cell={`${columnName(col.index)}${row.index + 1}`}>
                {text}
              </div>
            );
          }),
        )}
        {merges
          .filter((m) => m.row <= last && m.row + m.rows > first)
          .map((m) => {
            const text = rows[m.row]?.[m.col] ?? '';
            return (
              <div key={`m${key(m.row, m.col)}`} className={`${cellClass(text)} sheet-merged`} style={cellBox(m.row, m.col, m)} role="gridcell" data-cell={`${columnName(m.col)}${m.row + 1}`}>
                {text}
              </div>
            );
          })}
      </div>
    </div>
  );
}

function key(row: number, col: number): string {
  return `${row}:${col}`;
}

/** Numbers (and dates, percentages, money) sit on the right, as in Excel. */
function cellClass(text: string): string {
  return /^[-+(¥$]?[\d,.]+(%|E[+-]\d+|\))?$|^\d{4}-\d{2}-\d{2}/.test(text) ? 'sheet-cell sheet-number' : 'sheet-cell';
}

/** Every cell a merge covers (its own anchor included): the merge layer draws them. */
function coveredCells(merges: readonly SheetMerge[]): Set<string> {
  const covered = new Set<string>();
  for (const m of merges) {
    for (let r = m.row; r < m.row + m.rows; r++) for (let c = m.col; c < m.col + m.cols; c++) covered.add(key(r, c));
  }
  return covered;
}

/** True between the window's beforeprint and afterprint: rendered synchronously, so the print sees it. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}

function PrintTable({ sheet, covered }: { sheet: SheetModel; covered: Set<string> }) {
  const spans = new Map(sheet.merges.map((m) => [key(m.row, m.col), m]));
  return (
    <table className="sheet-print" data-testid="sheet-print">
      <colgroup>
        {sheet.widths.map((w, c) => (
          <col key={c} style={{ width: w }} />
        ))}
      </colgroup>
      <tbody>
        {sheet.rows.map((row, r) => (
          <tr key={r}>
            {row.map((text, c) => {
              const merge = spans.get(key(r, c));
              if (!merge && covered.has(key(r, c))) return null;
              return (
                <td key={c} className={cellClass(text)} colSpan={merge?.cols} rowSpan={merge?.rows}>
                  {text}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
