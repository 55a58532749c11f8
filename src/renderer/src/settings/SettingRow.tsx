import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  hint?: ReactNode;
  /** Held by the owner's policy: the control is disabled and says so. */
  enforced?: boolean;
  control: ReactNode;
  children?: ReactNode;
  testId?: string;
}

/** One setting: label and hint on the left, its control on the right. */
export function SettingRow({ label, hint, enforced = false, control, children, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="setting-row" data-testid={testId} data-enforced={enforced}>
      <div className="setting-row-main">
        <div className="setting-row-text">
          <Typography.Text strong>{label}</Typography.Text>
          {enforced && (
            <Tag color="blue" variant="filled" className="setting-enforced">
              {t('settings.enforced')}
            </Tag>
          )}
          {hint && (
            <div>
              <Typography.Text type="secondary">{hint}</Typography.Text>
            </div>
          )}
        </div>
        <div className="setting-row-control">{control}</div>
      </div>
      {children}
    </div>
  );
}
