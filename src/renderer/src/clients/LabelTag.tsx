import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../shared/domain';

const COLORS: Record<Label, string> = {
  public: 'green',
  internal: 'blue',
  confidential: 'orange',
  secret: 'red',
};

export function LabelTag({ label }: { label: Label }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[label]} variant="outlined" className="label-tag" data-label={label}>
      {t(`labels.${label}`)}
    </Tag>
  );
}
