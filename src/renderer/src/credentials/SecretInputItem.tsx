import { ThunderboltOutlined, UndoOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Progress, Space, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialSecret, PasswordPreset, PasswordRules } from '../../../shared/credentials';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { GeneratorPopover } from './GeneratorPopover';
import { STRENGTH_COLORS, strengthOf } from './strength';

interface Props {
  form: FormInstance;
  secret: CredentialSecret;
  /** The generator preset of the credential's kind (a PIN always uses pin6). */
  preset: PasswordPreset;
  /** Edit mode, and this secret is stored: empty keeps it, 清除 removes it. */
  stored: boolean;
  cleared: boolean;
  onClearedChange: (cleared: boolean) => void;
  /** Words the password should not be made of. */
  context: readonly string[];
}

/** One secret of the add/edit form: masked input, strength as typed, 生成 (with rules), and 清除 on edit. */
export function SecretInputItem({ form, secret, preset, stored, cleared, onClearedChange, context }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const generate = useCredentialsStore((s) => s.generate);
  const [busy, setBusy] = useState(false);
  const value = (Form.useWatch(['secrets', secret], form) as string | undefined) ?? '';
  const strength = secret === 'pin' ? null : strengthOf(value, context);
  const testId = `cred-form-${secret}`;

  async function run(rules?: PasswordRules) {
    setBusy(true);
    const answer = await generate(rules ? { preset: 'custom', rules } : { preset: secret === 'pin' ? 'pin6' : preset });
    setBusy(false);
    if (!answer.ok) {
      void message.error(errorText(answer.error));
      return;
    }
    form.setFieldValue(['secrets', secret], answer.data.password);
    onClearedChange(false);
    void message.success(t('cred.form.generated'));
  }

  return (
    <Form.Item label={t(`cred.secrets.${secret}`)} extra={stored && !cleared ? t('cred.form.keepHint') : undefined}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={['secrets', secret]} noStyle>
          <Input.Password
            autoComplete="new-password"
            maxLength={1024}
            disabled={cleared}
            placeholder={cleared ? t('cred.form.willClear') : stored ? t('cred.form.keepHint') : undefined}
            aria-label={t(`cred.secrets.${secret}`)}
            data-testid={testId}
            className="mono"
          />
        </Form.Item>
        <Button icon={<ThunderboltOutlined />} loading={busy} disabled={cleared} onClick={() => void run()} data-testid={`${testId}-generate`}>
          {t('cred.form.generate')}
        </Button>
        <GeneratorPopover busy={busy} onGenerate={(rules) => void run(rules)} testId={testId} />
        {stored &&
          (cleared ? (
            <Button icon={<UndoOutlined />} onClick={() => onClearedChange(false)} data-testid={`${testId}-undo-clear`}>
              {t('cred.form.undoClear')}
            </Button>
          ) : (
            <Button
              danger
              onClick={() => {
                form.setFieldValue(['secrets', secret], '');
                onClearedChange(true);
              }}
              data-testid={`${testId}-clear`}
            >
              {t('cred.form.clear')}
            </Button>
          ))}
      </Space.Compact>
      {strength !== null && (
        <div className="cred-strength" data-testid={`${testId}-strength`} data-score={strength.score}>
          <div className="password-strength-row">
            <Typography.Text type="secondary">{t('cred.form.strength')}</Typography.Text>
            <Progress percent={(strength.score + 1) * 20} strokeColor={STRENGTH_COLORS[strength.score]} showInfo={false} size="small" />
            <Typography.Text style={{ color: STRENGTH_COLORS[strength.score], minWidth: 36 }}>{t(`cred.form.strengthLevels.${strength.score}`)}</Typography.Text>
          </div>
          {/* What makes it guessable, while it is not yet strong. */}
          {strength.score < 3 && strength.warnings.length > 0 && (
            <Typography.Text type="secondary" className="cred-strength-warnings">
              {strength.warnings.map((w) => t(`cred.form.warnings.${w}`)).join(' ')}
            </Typography.Text>
          )}
        </div>
      )}
    </Form.Item>
  );
}
