import { Alert, Form, Modal } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFields } from '../../../shared/contract';
import type { DroppedFile, FilePeriod, ImportMode } from '../stores/import-store';
import { DocumentFieldsItems, toDocumentFields, type FieldValues } from './DocumentFieldsItems';
import { FilePeriodList } from './FilePeriodList';
import { useContentProposals } from './useContentProposals';

interface Props {
  /** Which import is being prepared; null keeps the modal closed. */
  mode: ImportMode | null;
  clientId: string;
  /** The dropped files waiting (drop mode), in order. */
  files: readonly DroppedFile[];
  /** The category filter in use, as the default category. */
  category: string | null;
  categories: string[];
  onCancel: () => void;
  /** `periods`: each dropped file's own 所属期, in order (drop mode only). */
  onSubmit: (fields: DocumentFields, periods: FilePeriod[] | null) => void;
}

/** Before a batch: category, tags and notes for every file in it; the 所属期 per file when their names are known. */
export function ImportFieldsModal({ mode, clientId, files, category, categories, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const fileNames = files.map((f) => f.file.name);
  const [form] = Form.useForm<FieldValues>();
  const title = mode === 'folder' ? t('importer.titleFolder') : mode === 'drop' ? t('importer.titleDrop', { count: fileNames.length }) : t('importer.titleFiles');
  return (
    <Modal
      open={mode !== null}
      title={title}
      okText={mode === 'drop' ? t('importer.start') : mode === 'folder' ? t('importer.chooseFolder') : t('importer.choose')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={mode === 'drop' ? 800 : 520}
      data-testid="import-fields-modal"
    >
      {mode !== null && <ImportFieldsBody form={form} mode={mode} clientId={clientId} files={files} category={category} categories={categories} onSubmit={onSubmit} />}
    </Modal>
  );
}

interface BodyProps {
  form: ReturnType<typeof Form.useForm<FieldValues>>[0];
  mode: ImportMode;
  clientId: string;
  files: readonly DroppedFile[];
  category: string | null;
  categories: string[];
  onSubmit: Props['onSubmit'];
}

/** Mounted while the modal is open, so each batch starts from its own files' proposals. */
function ImportFieldsBody({ form, mode, clientId, files, category, categories, onSubmit }: BodyProps) {
  const { t } = useTranslation();
  const dropped = mode === 'drop';
  const plain = useMemo(() => files.map((f) => f.file), [files]);
  const proposals = useContentProposals(clientId, plain, dropped);
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
        title={mode === 'folder' ? t('importer.folderHint') : t('importer.fieldsHint')}
      />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        // No 所属期 is assumed: a dropped file's comes from its name, a picked file's is left for the user (未识别).
        initialValues={{ category: category ?? undefined, periodYear: null, periodMonth: null, tags: [], notes: '' }}
        onValuesChange={(changed: FieldValues, all: FieldValues) => {
          if (dropped && ('periodYear' in changed || 'periodMonth' in changed)) setAll(all);
        }}
        onFinish={(values) => {
          const fields = toDocumentFields(values);
          onSubmit(fields, dropped ? periods.map(({ year, month, category: own }) => ({ year, month, category: own })) : null);
        }}
      >
        {dropped && (
          <FilePeriodList names={plain.map((f) => f.name)} periods={periods} reading={proposals.reading} categories={categories} onChange={proposals.change} />
        )}
        <DocumentFieldsItems
          extraCategories={categories}
          periodLabel={dropped ? t('content.period.setAll') : undefined}
          periodExtra={dropped ? undefined : t('content.period.pickHint')}
        />
      </Form>
    </>
  );
}
