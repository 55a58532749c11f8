import { Alert, App as AntApp, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREDENTIAL_KINDS, CREDENTIAL_TEMPLATES, type CredentialKind, type CredentialSecret, type CredentialSummary } from '../../../shared/credentials';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { fieldsFor, secretsFor, toCredentialInput, type CredentialFormValues, type CustomRow } from './credential-input';
import { CustomFieldsItems } from './CustomFieldsItems';
import { SecretInputItem } from './SecretInputItem';
import { TotpSeedItem } from './TotpSeedItem';

type Values = Omit<CredentialFormValues, 'expiresOn'> & { expiresOn?: Dayjs | null };

interface Props {
  open: boolean;
  clientId: string;
  clientName: string;
  /** Edit mode: the credential to change; null adds one. */
  editing: CredentialSummary | null;
  onClose: () => void;
}

const FIRST_KIND: CredentialKind = 'etax';

/** 新增 / 编辑账号密码: the kind's template decides which fields and secrets are asked for. */
export function CredentialFormModal({ open, clientId, clientName, editing, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const create = useCredentialsStore((s) => s.create);
  const update = useCredentialsStore((s) => s.update);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [cleared, setCleared] = useState<ReadonlySet<CredentialSecret>>(new Set());
  const [totpCleared, setTotpCleared] = useState(false);
  const kind = (Form.useWatch('kind', form) as CredentialKind | undefined) ?? editing?.kind ?? FIRST_KIND;
  const login = (Form.useWatch('login', form) as string | undefined) ?? '';
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const previousKind = useRef<CredentialKind>(kind);
  const template = CREDENTIAL_TEMPLATES[kind];

  const initialValues = useMemo<Values>(() => {
    if (!editing) return { kind: FIRST_KIND, title: t(`cred.kinds.${FIRST_KIND}`), url: CREDENTIAL_TEMPLATES[FIRST_KIND].url ?? '', secrets: {}, custom: [] };
    return {
      kind: editing.kind,
      title: editing.title,
      login: editing.login ?? '',
      url: editing.url ?? '',
      phone: '',
      expiresOn: editing.expiresOn ? dayjs(editing.expiresOn) : null,
      notes: editing.notes,
      secrets: {},
      custom: editing.custom.map((f, stored): CustomRow => ({ name: f.name, value: f.value, secret: f.secret, stored })),
    };
  }, [editing, t]);

  // Each opening starts from the kind it opens with.
  useEffect(() => {
    if (open) previousKind.current = initialValues.kind;
  }, [open, initialValues]);

  function close() {
    setError(null);
    setCleared(new Set());
    setTotpCleared(false);
    onClose();
  }

  /** Choosing another kind suggests its name and address, unless the person typed their own. */
  function onKindChange(next: CredentialKind) {
    const before = previousKind.current;
    previousKind.current = next;
    const { title: currentTitle, url } = form.getFieldsValue(['title', 'url']) as { title?: string; url?: string };
    const patch: Partial<Values> = {};
    if (!currentTitle?.trim() || currentTitle === t(`cred.kinds.${before}`)) patch.title = t(`cred.kinds.${next}`);
    if (!url?.trim() || url === CREDENTIAL_TEMPLATES[before].url) patch.url = CREDENTIAL_TEMPLATES[next].url ?? '';
    form.setFieldsValue(patch);
  }

  async function save(values: Values) {
    setSaving(true);
    setError(null);
    // Left empty on an edit, a stored secret custom field and the bound phone keep what main holds (never fetched here).
    const input = toCredentialInput({ ...values, expiresOn: values.expiresOn ? values.expiresOn.format('YYYY-MM-DD') : null }, editing, {
      cleared,
      totpCleared,
    });
    const saved = editing ? await update(editing.id, input) : await create(clientId, input);
    setSaving(false);
    if (!saved.ok) {
      setError(saved.error);
      return;
    }
    void message.success(editing ? t('cred.form.saved', { title: saved.data.title }) : t('cred.form.created', { title: saved.data.title }));
    close();
  }

  const fields = fieldsFor(kind, editing);
  const secrets = secretsFor(kind, editing);
  const context = [login, title, clientName];

  return (
    <Modal
      open={open}
      title={editing ? t('cred.form.editTitle') : t('cred.form.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
      data-testid="cred-form"
    >
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t('cred.form.saveFailed')} description={errorText(error)} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={(v) => void save(v)} disabled={saving}>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="kind" label={t('cred.fields.kind')}>
              <Select<CredentialKind>
                onChange={onKindChange}
                options={CREDENTIAL_KINDS.map((k) => ({ value: k, label: t(`cred.kinds.${k}`) }))}
                data-testid="cred-form-kind"
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="title" label={t('cred.fields.title')} rules={[{ required: true, whitespace: true, message: t('cred.form.titleRequired') }]}>
              <Input maxLength={200} data-testid="cred-form-title" />
            </Form.Item>
          </Col>
        </Row>
        {fields.includes('login') && (
          <Form.Item name="login" label={t('cred.fields.login')}>
            <Input maxLength={200} autoComplete="off" className="mono" data-testid="cred-form-login" />
          </Form.Item>
        )}
        {secrets.map((secret) => (
          <SecretInputItem
            key={secret}
            form={form}
            secret={secret}
            preset={template.generator}
            stored={editing?.secrets.includes(secret) ?? false}
            cleared={cleared.has(secret)}
            onClearedChange={(on) => {
              const nextSet = new Set(cleared);
              if (on) nextSet.add(secret);
              else nextSet.delete(secret);
              setCleared(nextSet);
            }}
            context={context}
          />
        ))}
        {(template.totp || editing?.hasTotp) && <TotpSeedItem stored={editing?.hasTotp ?? false} cleared={totpCleared} onClearedChange={setTotpCleared} />}
        <Row gutter={16}>
          {fields.includes('url') && (
            <Col span={fields.includes('phone') ? 14 : 24}>
              <Form.Item name="url" label={t('cred.fields.url')}>
                <Input maxLength={500} className="mono" data-testid="cred-form-url" />
              </Form.Item>
            </Col>
          )}
          {fields.includes('phone') && (
            <Col span={fields.includes('url') ? 10 : 24}>
              <Form.Item
                name="phone"
                label={t('cred.fields.phone')}
                extra={editing?.phoneMasked ? t('cred.form.phoneKeep', { masked: editing.phoneMasked }) : undefined}
              >
                <Input maxLength={40} inputMode="tel" data-testid="cred-form-phone" />
              </Form.Item>
            </Col>
          )}
        </Row>
        {fields.includes('expiresOn') && (
          <Form.Item name="expiresOn" label={t('cred.fields.expiresOn')}>
            <DatePicker style={{ width: 200 }} placeholder={t('cred.form.expiresPlaceholder')} data-testid="cred-form-expires" />
          </Form.Item>
        )}
        <CustomFieldsItems editing={editing} />
        <Form.Item name="notes" label={t('cred.fields.notes')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
