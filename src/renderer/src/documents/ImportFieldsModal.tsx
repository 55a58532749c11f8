import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentFields } from '../../../shared/contract';
import type { ImportMode } from '../stores/import-store';
import { DocumentFieldsItems, toDocumentFields, type FieldValues } from './DocumentFieldsItems';
import { previousMonth } from './format';

interface Props {
  /** Which import is being prepared; null keeps the modal closed. */
  mode: ImportMode | null;
  /** Dropped files waiting (drop mode). */
  fileCount: number;
  /** The category filter in use, as the default category. */
  category: string | null;
  categories: string[];
  onCancel: () => void;
  onSubmit: (fields: DocumentFields) => void;
}

/** Before a batch: category, period, tags and notes for every file in it. */
export function ImportFieldsModal({ mode, fileCount, category, categories, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FieldValues>();
  // Bookkeepers file last month's papers this month; blank is one click away.
  const period = previousMonth(new Date());
  const title = mode === 'folder' ? t('importer.titleFolder') : mode === 'drop' ? t('importer.titleDrop', { count: fileCount }) : t('importer.titleFiles');
  return (
    <Modal
      open={mode !== null}
      title={title}
      okText={mode === 'drop' ? t('importer.start') : mode === 'folder' ? t('importer.chooseFolder') : t('importer.choose')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={520}
      data-testid="import-fields-modal"
    >
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
        initialValues={{ category: category ?? undefined, periodYear: period.year, periodMonth: period.month, tags: [], notes: '' }}
        onFinish={(values) => onSubmit(toDocumentFields(values))}
      >
        <DocumentFieldsItems extraCategories={categories} />
      </Form>
    </Modal>
  );
}
