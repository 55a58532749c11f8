import { Alert, Form, Modal } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFields } from '../../../shared/contract';
import type { FilePeriod, PreparedBatch } from '../stores/import-store';
import { DocumentFieldsItems, toDocumentFields, type FieldValues } from './DocumentFieldsItems';
import { FilePeriodList } from './FilePeriodList';
import { dropProposer, pickProposer, useContentProposals, type ProposalItem } from './useContentProposals';

interface Props {
  /** The batch being prepared (dropped, or picked in a dialog); null keeps the modal closed. */
  batch: PreparedBatch | null;
  clientId: string;
  /** The category filter in use, as the default category. */
  category: string | null;
  categories: string[];
  onCancel: () => void;
  /** `periods`: each file's own 所属期 and category, in the batch's order. */
  onSubmit: (fields: DocumentFields, periods: FilePeriod[]) => void;
}

/** Before a batch: each file's 所属期 and category (proposed, or 未识别), and category, tags and notes for all of them. */
export function ImportFieldsModal({ batch, clientId, category, categories, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FieldValues>();
  const count = batch?.files.length ?? 0;
  const title = batch?.mode === 'folder' ? t('importer.titleFolder', { count }) : batch?.mode === 'drop' ? t('importer.titleDrop', { count }) : t('importer.titleFiles', { count });
  return (
    <Modal
      open={batch !== null}
      title={title}
      okText={t('importer.start')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={800}
      data-testid="import-fields-modal"
    >
      {batch !== null && <ImportFieldsBody form={form} batch={batch} clientId={clientId} category={category} categories={categories} onSubmit={onSubmit} />}
    </Modal>
  );
}

interface BodyProps {
  form: ReturnType<typeof Form.useForm<FieldValues>>[0];
  batch: PreparedBatch;
  clientId: string;
  category: string | null;
  categories: string[];
  onSubmit: Props['onSubmit'];
}

/** The names shown, the sizes read, and how main is asked: the same per-file list for dropped and picked files. */
function batchItems(batch: PreparedBatch): ProposalItem[] {
  if (batch.mode === 'drop') return batch.files.map(({ file }) => ({ name: file.name, size: file.size }));
  return batch.files.map(({ name, size }) => ({ name, size }));
}

/** Mounted while the modal is open, so each batch starts from its own files' proposals. */
function ImportFieldsBody({ form, batch, clientId, category, categories, onSubmit }: BodyProps) {
  const { t } = useTranslation();
  const items = useMemo(() => batchItems(batch), [batch]);
  const propose = useMemo(
    () => (batch.mode === 'drop' ? dropProposer(clientId, batch.files.map((f) => f.file)) : pickProposer(clientId, batch.token)),
    [batch, clientId],
  );
  // A picked folder's files are shown with the sub-folder they are in (its name is their category unless one is chosen).
  const names = useMemo(() => (batch.mode === 'drop' ? items.map((f) => f.name) : batch.files.map((f) => (f.folder ? `${f.folder}/${f.name}` : f.name))), [batch, items]);
  const proposals = useContentProposals(items, propose);
  const { periods } = proposals;

  function setAll(values: FieldValues) {
    const year = values.periodYear ?? null;
    proposals.setAll((p) => ({ ...p, year, month: year === null ? null : (values.periodMonth ?? null), evidence: null, source: null }));
  }

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={batch.mode === 'folder' ? t('importer.folderHint') : t('importer.fieldsHint')}
      />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        // No 所属期 is assumed: each file's comes from its name or content, else it stays 未识别.
        initialValues={{ category: category ?? undefined, periodYear: null, periodMonth: null, tags: [], notes: '' }}
        onValuesChange={(changed: FieldValues, all: FieldValues) => {
          if ('periodYear' in changed || 'periodMonth' in changed) setAll(all);
        }}
        onFinish={(values) => onSubmit(toDocumentFields(values), periods.map(({ year, month, category: own }) => ({ year, month, category: own })))}
      >
        <FilePeriodList names={names} periods={periods} reading={proposals.reading} categories={categories} onChange={proposals.change} />
        <DocumentFieldsItems extraCategories={categories} periodLabel={t('content.period.setAll')} />
      </Form>
    </>
  );
}
