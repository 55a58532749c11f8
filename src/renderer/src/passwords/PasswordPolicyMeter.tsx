import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkPasswordPolicy, type PasswordPolicy } from '../../../shared/password-policy';

const COLORS = ['#d4380d', '#d4380d', '#d48806', '#389e0d', '#237804'];

/** The strength of a new password (0–4, as main scores it) and each rule of the firm's policy, met or not. */
export function PasswordPolicyMeter({ password, policy, name }: { password: string; policy: PasswordPolicy; name: string }) {
  const { t } = useTranslation();
  const check = checkPasswordPolicy(password, policy, name ? [name] : []);
  const labels = t('password.meter.scores', { returnObjects: true }) as string[];
  const rules = [
    { key: 'minLength', met: !check.problems.includes('too-short'), text: t('password.meter.minLength', { n: policy.minLength }) },
    ...(policy.minScore > 0 ? [{ key: 'minScore', met: !check.problems.includes('too-weak'), text: t('password.meter.minScore', { label: labels[policy.minScore] ?? '' }) }] : []),
  ];
  return (
    <div className="password-policy-meter" data-testid="password-meter" data-score={password ? check.score : 'empty'} data-ok={String(check.ok)}>
      <Space style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('password.meter.label')}</Typography.Text>
        <Progress percent={password ? (check.score + 1) * 20 : 0} strokeColor={COLORS[check.score]} showInfo={false} size="small" style={{ width: 160 }} />
        <Typography.Text style={{ color: password ? COLORS[check.score] : undefined }}>{password ? labels[check.score] : ''}</Typography.Text>
      </Space>
      <ul className="password-policy-rules" style={{ listStyle: 'none', paddingLeft: 0, margin: '4px 0 0' }}>
        {rules.map((rule) => (
          <li key={rule.key} data-met={String(rule.met)} aria-label={`${rule.text}: ${rule.met ? t('password.meter.met') : t('password.meter.unmet')}`}>
            {rule.met ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#bfbfbf' }} />}{' '}
            <Typography.Text type={rule.met ? undefined : 'secondary'}>{rule.text}</Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
