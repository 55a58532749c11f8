import { UndoOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Edit mode, and a seed is stored: empty keeps it, 清除 removes it. */
  stored: boolean;
  cleared: boolean;
  onClearedChange: (cleared: boolean) => void;
}

/** The TOTP seed as the site gives it: an otpauth:// link (from the QR code) or the Base32 text. Main checks it. */
export function TotpSeedItem({ stored, cleared, onClearedChange }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.Item label={t('cred.form.totp')} extra={stored && !cleared ? t('cred.form.totpSet') : undefined}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name="totp" noStyle>
          <Input.Password
            autoComplete="off"
            maxLength={2048}
            disabled={cleared}
            placeholder={cleared ? t('cred.form.willClear') : stored ? t('cred.form.totpSet') : t('cred.form.totpPlaceholder')}
            aria-label={t('cred.form.totp')}
            className="mono"
            data-testid="cred-form-totp"
          />
        </Form.Item>
        {stored &&
          (cleared ? (
            <Button icon={<UndoOutlined />} onClick={() => onClearedChange(false)}>
              {t('cred.form.undoClear')}
            </Button>
          ) : (
            <Button
              danger
              onClick={() => {
                form.setFieldValue('totp', '');
                onClearedChange(true);
              }}
              data-testid="cred-form-totp-clear"
            >
              {t('cred.form.clear')}
            </Button>
          ))}
      </Space.Compact>
    </Form.Item>
  );
}
