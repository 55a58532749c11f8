import { Spin, Typography } from 'antd';
import type { PDFDocumentLoadingTask, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CannotDisplay } from './CannotDisplay';

/** Pages rendered at most; longer files are exported for reading in full. */
const MAX_PAGES = 100;
/** CSS width of a rendered page. */
const PAGE_WIDTH = 820;

type Phase = 'loading' | 'ready' | 'failed';

/**
 * Renders every page (up to MAX_PAGES) to its own canvas, so the preview
 * scrolls and prints like a document. Leaving destroys the pdf.js document
 * and its worker and empties the canvases.
 */
export function PdfPreview({ data, onExport }: { data: Uint8Array; onExport: () => void }) {
  const { t } = useTranslation();
  const pagesRef = useRef<HTMLDivElement>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [pageCount, setPageCount] = useState(0);

  useEffect(() => {
    const container = pagesRef.current;
    if (!container) return;
    let left = false;
    let task: PDFDocumentLoadingTask | null = null;
    let render: RenderTask | null = null;
    setPhase('loading');

    void (async () => {
      const pdf = await import('./pdf-document');
      if (left) return;
      task = pdf.openPdf(data);
      const doc = await task.promise;
      if (left) return;
      setPageCount(doc.numPages);
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
        const page = await doc.getPage(n);
        if (left) return;
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (PAGE_WIDTH / base.width) * ratio });
        const canvas = document.createElement('canvas');
        canvas.className = 'pdf-page';
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
        canvas.setAttribute('aria-label', t('preview.pageLabel', { page: n }));
        container.append(canvas);
        render = page.render({ canvas, viewport, annotationMode: pdf.AnnotationMode.ENABLE });
        await render.promise;
        render = null;
        page.cleanup();
        if (n === 1) setPhase('ready');
      }
      if (doc.numPages === 0) setPhase('failed');
    })().catch(() => {
      if (!left) setPhase('failed');
    });

    return () => {
      left = true;
      render?.cancel();
      void task?.destroy();
      for (const canvas of container.querySelectorAll('canvas')) {
        // Frees the pixels now rather than at the next collection.
        canvas.width = 0;
        canvas.height = 0;
      }
      container.replaceChildren();
    };
  }, [data, t]);

  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-phase={phase}>
      {phase === 'loading' && <Spin className="preview-spin" />}
      {phase === 'failed' && <CannotDisplay onExport={onExport} />}
      <div ref={pagesRef} className="pdf-pages" hidden={phase === 'failed'} />
      {phase === 'ready' && pageCount > MAX_PAGES && (
        <Typography.Text type="secondary" className="pdf-more">
          {t('preview.morePages', { shown: MAX_PAGES, total: pageCount })}
        </Typography.Text>
      )}
    </div>
  );
}
