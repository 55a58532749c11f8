import { Spin } from 'antd';
import { useEffect, useState } from 'react';
import { CannotDisplay } from './CannotDisplay';

type State = { phase: 'checking' } | { phase: 'ready'; url: string } | { phase: 'failed' };

/**
 * An image from memory through a blob: URL (img-src allows blob:), revoked
 * when the preview closes. The bytes are decoded once first: a damaged file
 * gets the cannot-display message, and never reaches an <img> (Chromium
 * re-requests a broken blob image, which the CSP's connect-src refuses).
 */
export function ImagePreview({ data, mime, name, onExport }: { data: Uint8Array; mime: string; name: string; onExport: () => void }) {
  const [state, setState] = useState<State>({ phase: 'checking' });

  useEffect(() => {
    let left = false;
    let url: string | null = null;
    const blob = new Blob([data as Uint8Array<ArrayBuffer>], { type: mime });
    setState({ phase: 'checking' });
    createImageBitmap(blob).then(
      (bitmap) => {
        bitmap.close();
        if (left) return;
        url = URL.createObjectURL(blob);
        setState({ phase: 'ready', url });
      },
      () => {
        if (!left) setState({ phase: 'failed' });
      },
    );
    return () => {
      left = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [data, mime]);

  if (state.phase === 'failed') return <CannotDisplay onExport={onExport} />;
  return (
    <div className="image-preview" data-testid="image-preview">
      {state.phase === 'checking' ? <Spin /> : <img src={state.url} alt={name} draggable={false} />}
    </div>
  );
}
