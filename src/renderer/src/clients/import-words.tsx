import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClientDuplicate, ClientRowProblem } from '../../../shared/client-import';

/** A row's problems in words: "统一社会信用代码无效…；客户名称不能为空". */
export function useProblemText(): (problems: readonly ClientRowProblem[]) => string {
  const { t } = useTranslation();
  return (problems) =>
    problems.map((p) => t(`clientImport.problems.${p.problem}`, { field: t(`clientImport.fields.${p.field}`).replace(/（.*）|\s*\(.*\)/, '') })).join('；');
}

/** Which client or row a duplicate repeats; an existing client is a link that opens it. */
export function DuplicateNote({ duplicate, onOpenClient }: { duplicate: ClientDuplicate; onOpenClient: (id: string) => void }) {
  const { t } = useTranslation();
  const by = t(`clientImport.by.${duplicate.by}`);
  if (duplicate.kind === 'file') return <span>{t('clientImport.duplicateFile', { row: duplicate.row, by })}</span>;
  const [before, after] = t('clientImport.duplicateExisting', { name: '\u0000', by }).split('\u0000');
  return (
    <span>
      {before}
      <Typography.Link onClick={() => onOpenClient(duplicate.clientId)} data-testid="client-import-duplicate-link">
        {duplicate.name}
      </Typography.Link>
      {after}
    </span>
  );
}
