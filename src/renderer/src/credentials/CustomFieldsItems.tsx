import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CREDENTIAL_CUSTOM_MAX, type CredentialSummary } from '../../../shared/credentials';
import type { CustomRow } from './credential-input';

/** 自定义字段 of the add/edit form: name, value, and whether it is secret (masked like a password); at most CREDENTIAL_CUSTOM_MAX. */
export function CustomFieldsItems({ editing }: { editing: CredentialSummary | null }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('cred.form.custom')}>
      <Form.List name="custom">
        {(fields, { add, remove }) => (
          <div className="cred-custom-fields" data-testid="cred-form-custom">
            {fields.map((field) => (
              <CustomFieldRow key={field.key} name={field.name} editing={editing} onRemove={() => remove(field.name)} />
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={fields.length >= CREDENTIAL_CUSTOM_MAX}
              onClick={() => add({ name: '', value: '', secret: false } satisfies CustomRow)}
              data-testid="cred-form-custom-add"
            >
              {t('cred.form.customAdd')}
            </Button>
            {fields.length >= CREDENTIAL_CUSTOM_MAX && (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {t('cred.form.customMax', { max: CREDENTIAL_CUSTOM_MAX })}
              </Typography.Text>
            )}
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}

function CustomFieldRow({ name, editing, onRemove }: { name: number; editing: CredentialSummary | null; onRemove: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const row = (Form.useWatch(['custom', name], form) as CustomRow | undefined) ?? {};
  // A stored secret value is not sent here: empty keeps it.
  const storedSecret = row.stored !== undefined && (editing?.custom[row.stored]?.secret ?? false);
  return (
    <Space align="baseline" className="cred-custom-row" data-testid="cred-form-custom-row">
      <Form.Item name={[name, 'name']} rules={[{ required: true, whitespace: true, message: t('cred.form.customNameRequired') }]}>
        <Input placeholder={t('cred.form.customName')} maxLength={50} aria-label={t('cred.form.customName')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name={[name, 'value']}>
        {row.secret ? (
          <Input.Password
            autoComplete="new-password"
            placeholder={storedSecret ? t('cred.form.keepHint') : t('cred.form.customValue')}
            maxLength={1024}
            aria-label={t('cred.form.customValue')}
            style={{ width: 240 }}
          />
        ) : (
          <Input placeholder={t('cred.form.customValue')} maxLength={1024} aria-label={t('cred.form.customValue')} style={{ width: 240 }} />
        )}
      </Form.Item>
      <Form.Item name={[name, 'secret']} valuePropName="checked">
        <Switch size="small" checkedChildren={t('cred.form.customSecret')} unCheckedChildren={t('cred.form.customSecret')} aria-label={t('cred.form.customSecret')} />
      </Form.Item>
      <Form.Item name={[name, 'stored']} hidden>
        <Input />
      </Form.Item>
      <MinusCircleOutlined onClick={onRemove} aria-label={t('cred.form.customRemove')} title={t('cred.form.customRemove')} />
    </Space>
  );
}
