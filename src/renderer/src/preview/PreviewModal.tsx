import { CloseOutlined, ExportOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Modal, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentPreview } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { FileIcon } from '../documents/FileIcon';
import { fileKind, formatSize } from '../documents/format';
import { useDocumentExport } from '../documents/useDocumentExport';
import { useClientDetailStore } from '../stores/client-detail-store';
import { usePreviewStore } from '../stores/preview-store';
import { useVaultStore } from '../stores/vault-store';
import { CannotDisplay } from './CannotDisplay';
import { DocxPreview } from './DocxPreview';
import { ImagePreview } from './ImagePreview';
import { OtherPreview } from './OtherPreview';
import { PdfPreview } from './PdfPreview';
import { TextPreview } from './TextPreview';
import { Watermark } from './Watermark';
import { useCan } from '../admin/access-store';
import { XlsxPreview } from './XlsxPreview';

/**
 * The in-app viewer: decrypted bytes stay in memory (never a temp file), under
 * a watermark naming the staff member and the time. Closing drops the bytes;
 * each viewer revokes its object URL or destroys its pdf.js document.
 */
export function PreviewModal() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { target, preview, loading, error, close, recordPrint } = usePreviewStore();
  const staffName = useVaultStore((s) => s.status?.staff?.name ?? '');
  const client = useClientDetailStore((s) => s.client);
  const label = client && target?.clientId === client.id ? client.label : null;
  const exporter = useDocumentExport(label);
  const [printing, setPrinting] = useState(false);
  const mayPrint = useCan('doc.print');
  const mayExport = useCan('doc.export');

  const exportThis = () => {
    if (target) exporter.start({ id: target.id, name: preview?.name ?? target.name });
  };

  async function print() {
    if (!target) return;
    setPrinting(true);
    // Recorded first: no print without its audit event.
    const failure = await recordPrint(target.id);
    if (failure) void message.error(`${t('preview.printFailed')} ${errorText(failure)}`);
    else window.print();
    setPrinting(false);
  }

  const name = preview?.name ?? target?.name ?? '';
  return (
    <Modal
      open={target !== null}
      onCancel={close}
      destroyOnHidden
      width="min(1120px, 94vw)"
      style={{ top: 16, paddingBottom: 0 }}
      className="preview-modal"
      closable={false}
      title={
        <div className="preview-title">
          {(preview?.mime ?? target?.mime) && <FileIcon mime={preview?.mime ?? target?.mime ?? ''} />}
          <span className="preview-title-name" title={name} data-testid="preview-title">
            {name}
          </span>
          {(preview || target?.size !== undefined) && (
            <Typography.Text type="secondary" className="preview-title-meta">
              {formatSize(preview?.data.byteLength ?? target?.size ?? 0)}
            </Typography.Text>
          )}
          <div className="preview-title-spacer" />
          <Space>
            {mayPrint && (
              <Button icon={<PrinterOutlined />} onClick={() => void print()} loading={printing} disabled={!preview}>
                {t('preview.print')}
              </Button>
            )}
            {mayExport && (
              <Button icon={<ExportOutlined />} onClick={exportThis} disabled={!target}>
                {t('documents.actions.export')}
              </Button>
            )}
            <Button icon={<CloseOutlined />} onClick={close} aria-label={t('preview.close')}>
              {t('preview.close')}
            </Button>
          </Space>
        </div>
      }
      footer={
        <div className="preview-footer">
          <SafetyCertificateOutlined /> {t('preview.footer')}
        </div>
      }
      data-testid="preview-modal"
    >
      <div className="preview-print" data-testid="document-preview">
        <div className="preview-stage">
          <div className="preview-scroll">
            {loading && <Spin className="preview-spin" description={t('preview.loading')} />}
            {error && <Alert type="error" showIcon title={t('preview.loadFailed')} description={errorText(error)} />}
            {preview && <PreviewBody preview={preview} onExport={exportThis} />}
            {target && !preview && !loading && !error && target.mime !== undefined && (
              <OtherPreview name={target.name} mime={target.mime} size={target.size ?? 0} onExport={exportThis} />
            )}
          </div>
          {staffName && <Watermark staffName={staffName} />}
        </div>
      </div>
      {exporter.modal}
    </Modal>
  );
}

function PreviewBody({ preview, onExport }: { preview: DocumentPreview; onExport: () => void }) {
  // Word and Excel come with the model main read from them.
  switch (preview.office?.kind) {
    case 'docx':
      return <DocxPreview model={preview.office} />;
    case 'xlsx':
      return <XlsxPreview model={preview.office} />;
    case 'failed':
      return <CannotDisplay onExport={onExport} reason={preview.office.reason} />;
    case undefined:
      break;
  }
  const kind = fileKind(preview.mime);
  switch (kind) {
    case 'pdf':
      return <PdfPreview data={preview.data} onExport={onExport} />;
    case 'image':
      return <ImagePreview data={preview.data} mime={preview.mime} name={preview.name} onExport={onExport} />;
    case 'csv':
    case 'text':
      return <TextPreview data={preview.data} csv={kind === 'csv'} />;
    case 'sheet':
    case 'word':
    case 'archive':
    case 'other':
      // Only reached when the type was not known before the bytes came (or an old .doc/.xls).
      return <OtherPreview name={preview.name} mime={preview.mime} size={preview.data.byteLength} onExport={onExport} />;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
