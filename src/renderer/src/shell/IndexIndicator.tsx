import { FileSearchOutlined, PauseOutlined, CaretRightOutlined } from '@ant-design/icons';
import { Button, Spin, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useIndexStore } from '../stores/index-store';

/** 正在读取资料内容 N, with 暂停/继续: shown only while documents wait to be read. */
export function IndexIndicator() {
  const { t } = useTranslation();
  const { progress, toggling, check, setPaused } = useIndexStore();

  // Once at unlock (this header exists only while unlocked); the store keeps polling while there is work.
  useEffect(() => {
    void check();
  }, [check]);

  if (!progress || progress.pending === 0) return null;
  const { pending, paused } = progress;
  return (
    <span className="index-indicator" data-testid="index-indicator" style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={t('content.index.tip')}>
        <span className="index-indicator-text">
          {paused ? <FileSearchOutlined /> : <Spin size="small" />}{' '}
          {paused ? t('content.index.paused', { count: pending }) : t('content.index.reading', { count: pending })}
        </span>
      </Tooltip>
      <Button
        type="link"
        size="small"
        icon={paused ? <CaretRightOutlined /> : <PauseOutlined />}
        loading={toggling}
        onClick={() => void setPaused(!paused)}
        data-testid="index-pause"
      >
        {paused ? t('content.index.resume') : t('content.index.pause')}
      </Button>
    </span>
  );
}
