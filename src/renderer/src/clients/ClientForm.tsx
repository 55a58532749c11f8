import { Alert, App as AntApp, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../shared/contract';
import { LABELS, TAXPAYER_TYPES, type ClientDetail, type Label, type Revealed, type TaxpayerType } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { useClientDetailStore } from '../stores/client-detail-store';
import { useClientListStore } from '../stores/client-list-store';
import { useRouteStore } from '../stores/route-store';
import { creditCodeRule, normaliseCreditCode } from './credit-code-rule';

interface Values {
  name: string;
  creditCode?: string;
  taxpayerType?: TaxpayerType;
  contactPerson?: string;
  phone?: string;
  address?: string;
  bankAccount?: string;
  serviceStart?: Dayjs | null;
  serviceEnd?: Dayjs | null;
  label: Label;
  notes?: string;
}

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated?: (client: ClientDetail) => void;
  /** Edit mode: the client to change (clientUpdate instead of clientCreate). */
  editing?: ClientDetail | null;
  onSaved?: (client: ClientDetail) => void;
}

function toValues(client: ClientDetail): Values {
  const date = (value: string | null) => (value && dayjs(value).isValid() ? dayjs(value) : null);
  return {
    name: client.name,
    creditCode: client.creditCode ?? undefined,
    taxpayerType: client.taxpayerType ?? undefined,
    contactPerson: client.contactPerson ?? undefined,
    address: client.address ?? undefined,
    serviceStart: date(client.serviceStart),
    serviceEnd: date(client.serviceEnd),
    label: client.label,
    notes: client.notes ?? undefined,
  };
}

function revealedValue(revealed: Result<Revealed> | null): string | undefined {
  return revealed?.ok ? (revealed.data.value ?? undefined) : undefined;
}

function toRequest(values: Values): RequestOf<'clientCreate'> {
  return {
    name: values.name,
    creditCode: values.creditCode || null,
    taxpayerType: values.taxpayerType ?? null,
    contactPerson: values.contactPerson ?? null,
    phone: values.phone ?? null,
    address: values.address ?? null,
    bankAccount: values.bankAccount ?? null,
    serviceStart: values.serviceStart ? values.serviceStart.format('YYYY-MM-DD') : null,
    serviceEnd: values.serviceEnd ? values.serviceEnd.format('YYYY-MM-DD') : null,
    label: values.label,
    notes: values.notes ?? null,
  };
}

/**
 * 新建客户 / 编辑客户: validated here for quick feedback, and again by main's
 * schema. An update sends every field, so editing first reveals the masked
 * phone and bank account (each reveal is audited) into the form.
 */
export function ClientForm({ open, onClose, onCreated, editing = null, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const createClient = useClientListStore((s) => s.create);
  const reveal = useClientDetailStore((s) => s.reveal);
  const update = useClientDetailStore((s) => s.update);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  // Edit mode waits for the revealed fields; saving without them would erase them.
  const [revealing, setRevealing] = useState(false);
  const [revealFailed, setRevealFailed] = useState(false);

  useEffect(() => {
    if (!open || !editing) return;
    let current = true;
    setRevealing(true);
    setRevealFailed(false);
    void (async () => {
      const [phone, bankAccount] = await Promise.all([
        editing.phoneMasked ? reveal(editing.id, 'phone') : null,
        editing.bankAccountMasked ? reveal(editing.id, 'bankAccount') : null,
      ]);
      if (!current) return;
      const failure = [phone, bankAccount].flatMap((r) => (r && !r.ok ? [r.error] : []))[0];
      if (failure) {
        setRevealFailed(true);
        setError(failure);
      } else {
        form.setFieldsValue({ phone: revealedValue(phone), bankAccount: revealedValue(bankAccount) });
      }
      setRevealing(false);
    })();
    return () => {
      current = false;
    };
  }, [open, editing, form, reveal]);

  async function onFinish(values: Values) {
    setSaving(true);
    setError(null);
    const saved = editing ? await update(editing.id, toRequest(values)) : await createClient(toRequest(values));
    setSaving(false);
    if (!saved.ok) {
      setError(saved.error);
      return;
    }
    if (editing) {
      void message.success(t('clientForm.updated', { name: saved.data.name }));
      onSaved?.(saved.data);
      return;
    }
    void message.success(t('clientForm.created', { name: saved.data.name }));
    form.resetFields();
    onCreated?.(saved.data);
  }

  function close() {
    setError(null);
    onClose();
  }

  return (
    <Drawer
      title={editing ? t('clientForm.editTitle') : t('clientForm.title')}
      open={open}
      onClose={close}
      size={560}
      destroyOnHidden
      data-testid="client-form"
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={close}>{t('clientForm.cancel')}</Button>
          <Button type="primary" loading={saving || revealing} disabled={revealFailed} onClick={() => form.submit()}>
            {t('clientForm.submit')}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('clientForm.failed')}
          description={<FormErrorText error={error} onOpenClient={close} />}
          style={{ marginBottom: 16 }}
          role="alert"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark
        onFinish={onFinish}
        disabled={saving || revealing || revealFailed}
        initialValues={editing ? toValues(editing) : { label: 'internal' }}
      >
        <Form.Item name="name" label={t('clientForm.name')} rules={[{ required: true, whitespace: true, message: t('clientForm.nameRequired') }]}>
          <Input autoFocus maxLength={200} placeholder={t('clientForm.namePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="creditCode"
              label={t('clientForm.creditCode')}
              normalize={normaliseCreditCode}
              rules={[creditCodeRule(t('clientForm.creditCodeInvalid'))]}
              validateTrigger={['onChange', 'onBlur']}
              validateDebounce={400}
            >
              {/* Room for pasted spaces; normalisation strips them. */}
              <Input maxLength={40} className="mono" placeholder={t('clientForm.creditCodePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="taxpayerType" label={t('clientForm.taxpayerType')}>
              <Select allowClear placeholder={t('clientForm.taxpayerPlaceholder')} options={TAXPAYER_TYPES.map((v) => ({ value: v, label: t(`taxpayer.${v}`) }))} data-testid="client-form-taxpayer" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="contactPerson" label={t('clientForm.contactPerson')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('clientForm.phone')}>
              <Input maxLength={40} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('clientForm.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="bankAccount" label={t('clientForm.bankAccount')}>
          <Input maxLength={60} className="mono" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="serviceStart" label={t('clientForm.serviceStart')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="serviceEnd" label={t('clientForm.serviceEnd')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="label" label={t('clientForm.label')}>
              <Select options={LABELS.map((v) => ({ value: v, label: t(`labels.${v}`) }))} data-testid="client-form-label" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('clientForm.notes')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** main's refusal in words; a credit code already on file names that client, with a link to it. */
function FormErrorText({ error, onOpenClient }: { error: ErrorData; onOpenClient: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useRouteStore((s) => s.navigate);
  const clientId = error.detail?.['clientId'];
  const clientName = error.detail?.['clientName'];
  if (error.code !== 'ALREADY_EXISTS' || typeof clientId !== 'string' || typeof clientName !== 'string') return <>{errorText(error)}</>;
  const code = error.detail?.['creditCode'];
  return (
    <span data-testid="client-duplicate">
      {t('clientForm.duplicateCreditCode', { name: clientName, code: typeof code === 'string' ? code : '' })}{' '}
      <Button
        type="link"
        size="small"
        style={{ padding: 0 }}
        onClick={() => {
          onOpenClient();
          navigate({ name: 'client', id: clientId });
        }}
        data-testid="client-duplicate-open"
      >
        {t('clientForm.openExisting')}
      </Button>
    </span>
  );
}
