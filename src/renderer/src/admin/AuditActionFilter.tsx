import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditAction } from '../../../shared/access';
import { auditActionLabel, type AuditWords } from '../../../shared/audit-details';
import { auditActionGroups } from '../../../shared/audit-groups';

interface Props {
  words: AuditWords;
  value: AuditAction | null;
  onChange: (action: AuditAction | null) => void;
}

/**
 * The audit log's action filter: actions grouped by area (保险库, 客户, 资料 …)
 * and searchable; typing an area's name shows the whole area.
 */
export function AuditActionFilter({ words, value, onChange }: Props) {
  const { t } = useTranslation();
  const options = auditActionGroups().map(({ group, actions }) => ({
    label: <span data-testid={`audit-action-group-${group}`}>{words.groups[group]}</span>,
    title: words.groups[group],
    search: words.groups[group],
    options: actions.map((a) => {
      const label = auditActionLabel(a, words);
      return { value: a, label, search: `${label} ${a}` };
    }),
  }));
  return (
    <Select<AuditAction>
      allowClear
      showSearch={{ optionFilterProp: 'search' }}
      style={{ width: 200 }}
      placeholder={t('admin.audit.filterAction')}
      value={value ?? undefined}
      onChange={(v) => onChange(v ?? null)}
      options={options}
      data-testid="audit-filter-action"
    />
  );
}
