import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { passwordStrength, type PasswordStrength } from './password-strength';

const LOOK: Record<PasswordStrength, { percent: number; color: string }> = {
  weak: { percent: 33, color: '#d4380d' },
  fair: { percent: 66, color: '#d48806' },
  strong: { percent: 100, color: '#389e0d' },
};

export function PasswordStrengthHint({ password }: { password: string }) {
  const { t } = useTranslation();
  const strength = passwordStrength(password);
  const look = LOOK[strength];
  return (
    <div className="password-strength" data-strength={password ? strength : 'empty'}>
      <div className="password-strength-row">
        <Typography.Text type="secondary">{t('create.strengthLabel')}</Typography.Text>
        <Progress percent={password ? look.percent : 0} strokeColor={look.color} showInfo={false} size="small" />
        <Typography.Text style={{ color: password ? look.color : undefined, minWidth: 24 }}>
          {password ? t(`create.strength.${strength}`) : ''}
        </Typography.Text>
      </div>
      <Typography.Text type="secondary" className="password-strength-hint">
        {t('create.strengthHint')}
      </Typography.Text>
    </div>
  );
}
