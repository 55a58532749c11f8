import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NdaStanding } from '../../../shared/staff-compliance';

/** A staff member's agreement standing as one tag (the staff page's 保密协议 column). */
export function NdaStateTag({ standing }: { standing: NdaStanding }) {
  const { t } = useTranslation();
  const values = { expires: standing.expires ?? '', deadline: standing.deadline ?? '' };
  let color: string;
  let text: string;
  switch (standing.state) {
    case 'exempt':
      color = 'default';
      text = t('people.state.exempt');
      break;
    case 'valid':
      color = standing.remind ? 'warning' : 'success';
      text = standing.remind ? t('people.state.expiring', values) : t('people.state.valid', values);
      break;
    case 'grace':
      color = 'warning';
      text = t('people.state.grace', values);
      break;
    case 'blocked':
      color = 'error';
      text = t('people.state.blocked');
      break;
    case 'expired':
      color = 'error';
      text = t('people.state.expired', values);
      break;
    case 'missing':
      color = 'default';
      text = t('people.state.missing');
      break;
    default: {
      const unreachable: never = standing.state;
      return unreachable;
    }
  }
  return (
    <Tag color={color} data-testid="staff-nda-state" data-state={standing.state}>
      {text}
    </Tag>
  );
}
