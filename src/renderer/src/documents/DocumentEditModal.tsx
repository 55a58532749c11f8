import { Alert, App as AntApp, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentMeta } from '../../../shared/domain';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useDocumentsStore } from '../stores/documents-store';
import { DocumentRetentionPanel } from '../retention/DocumentRetentionPanel';
import { DocumentFieldsItems, fromDocumentFields, toDocumentFields, type FieldValues } from './DocumentFieldsItems';

interface Props {
  document: DocumentMeta | null;
  categories: string[];
  onClose: () => void;
  onSaved: (document: DocumentMeta) => void;
}

/** 编辑资料: name and filing fields (docUpdate). */
export function DocumentEditModal({ document, categories, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const update = useDocumentsStore((s) => s.update);
  const [form] = Form.useForm<FieldValues & { name: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  async function save(values: FieldValues & { name: string }) {
    if (!document) return;
    setSaving(true);
    setError(null);
    const saved = await update(document.id, values.name.trim(), toDocumentFields(values));
    setSaving(false);
    if (!saved.ok) {
      setError(saved.error);
      return;
    }
    void message.success(t('documents.saved'));
    onSaved(saved.data);
  }

  return (
    <Modal
      open={document !== null}
      title={t('documents.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={520}
      data-testid="document-edit-modal"
    >
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t('documents.saveFailed')} description={errorText(error)} />}
      {document && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ name: document.name, ...fromDocumentFields(document) }} onFinish={(v) => void save(v)}>
          <Form.Item
            name="name"
            label={t('documents.fields.name')}
            rules={[
              { required: true, whitespace: true, message: t('documents.fields.nameRequired') },
              // Main refuses the same (no folders, no control characters).
              { pattern: /^[^\\/\p{C}]+$/u, message: t('documents.fields.nameInvalid') },
            ]}
          >
            <Input maxLength={255} />
          </Form.Item>
          <DocumentFieldsItems extraCategories={categories} />
        </Form>
      )}
      {document && <DocumentRetentionPanel documentId={document.id} />}
    </Modal>
  );
}
