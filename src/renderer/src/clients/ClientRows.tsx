import { useVirtualizer } from '@tanstack/react-virtual';
import { Spin, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSummary } from '../../../shared/domain';
import { formatDate } from '../format/dates';
import { LabelTag } from './LabelTag';

const ROW_HEIGHT = 40;

interface Props {
  items: ClientSummary[];
  hasMore: boolean;
  onEndReached: () => void;
  onOpen: (id: string) => void;
}

/** The client table: a fixed header and virtualised rows, so thousands of clients scroll smoothly. */
export function ClientRows({ items, hasMore, onEndReached, onOpen }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = items.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const none = <span className="cell-none">{t('common.none')}</span>;
  const last = virtualRows[virtualRows.length - 1];

  // Ask for the next page once the loader row scrolls into view.
  useEffect(() => {
    if (hasMore && last && last.index >= items.length - 1) onEndReached();
  }, [hasMore, last, items.length, onEndReached]);

  return (
    <div className="client-table" role="table" aria-rowcount={count}>
      <div className="client-row client-row-head" role="row">
        <span role="columnheader">{t('clients.columns.name')}</span>
        <span role="columnheader">{t('clients.columns.creditCode')}</span>
        <span role="columnheader">{t('clients.columns.taxpayerType')}</span>
        <span role="columnheader">{t('clients.columns.contact')}</span>
        <span role="columnheader">{t('clients.columns.phone')}</span>
        <span role="columnheader">{t('clients.columns.assignedStaff')}</span>
        <span role="columnheader">{t('clients.columns.servicePeriod')}</span>
        <span role="columnheader">{t('clients.columns.label')}</span>
      </div>
      <div className="client-table-body" ref={scrollRef} data-testid="client-rows">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => {
            const client = items[row.index];
            const style = { position: 'absolute' as const, top: 0, left: 0, width: '100%', height: row.size, transform: `translateY(${row.start}px)` };
            if (!client) {
              return (
                <div key="loader" className="client-row client-row-loader" style={style} role="row">
                  <Spin size="small" /> {t('clients.loadingMore')}
                </div>
              );
            }
            return (
              <div
                key={client.id}
                className="client-row"
                style={style}
                role="row"
                tabIndex={0}
                data-testid="client-row"
                onClick={() => onOpen(client.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(client.id);
                  }
                }}
              >
                <span role="cell" className="client-cell-name" title={client.name}>
                  {client.name}
                  {client.sample && <Tag className="sample-tag">{t('clients.sample')}</Tag>}
                  {client.status === 'ended' && (
                    <Tag color="warning" className="sample-tag" data-testid="client-ended-tag">
                      {t('retention.handback.listTag', { date: formatDate(client.endedOn) })}
                    </Tag>
                  )}
                </span>
                <span role="cell">{client.creditCode ? <span className="mono">{client.creditCode}</span> : none}</span>
                <span role="cell">{client.taxpayerType ? t(`taxpayer.${client.taxpayerType}`) : none}</span>
                <span role="cell">{client.contactPerson ?? none}</span>
                <span role="cell">{client.phoneMasked ? <span className="mono">{client.phoneMasked}</span> : none}</span>
                <span role="cell" data-testid="client-assigned">
                  {client.assignedStaffName ?? none}
                </span>
                <span role="cell" data-testid="client-service-period">
                  {client.serviceStart || client.serviceEnd
                    ? t('clients.servicePeriodRange', { start: formatDate(client.serviceStart) || '…', end: formatDate(client.serviceEnd) || '…' })
                    : none}
                </span>
                <span role="cell">
                  <LabelTag label={client.label} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
