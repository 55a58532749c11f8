import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkPasswordPolicy, type PasswordPolicy } from '../../../shared/password-policy';
import { PasswordPolicyMeter } from './PasswordPolicyMeter';

/** A new password twice, with the strength meter and the firm's policy (the form's fields `next` and `confirm`). */
export function NewPasswordFields({ policy, name }: { policy: PasswordPolicy; name: string }) {
  const { t } = useTranslation();
  const next = Form.useWatch<string | undefined>('next') ?? '';
  return (
    <>
      <Form.Item
        name="next"
        label={t('password.change.next')}
        rules={[
          { required: true, message: t('password.change.nextRequired') },
          {
            validator: (_rule, value: string | undefined) =>
              !value || checkPasswordPolicy(value, policy, [name]).ok ? Promise.resolve() : Promise.reject(new Error(t('password.change.notPolicy'))),
          },
        ]}
        extra={<PasswordPolicyMeter password={next} policy={policy} name={name} />}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.change.confirm')}
        dependencies={['next']}
        rules={[
          { required: true, message: t('password.change.mismatch') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) => (!value || value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.change.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} data-testid="confirm-password" />
      </Form.Item>
    </>
  );
}
