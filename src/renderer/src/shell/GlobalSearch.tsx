import { KeyOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Spin } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextSnippet } from '../../../shared/domain';
import { LabelTag } from '../clients/LabelTag';
import { useDebouncedValue } from '../clients/useDebouncedValue';
import { periodText } from '../documents/columns';
import { FileIcon } from '../documents/FileIcon';
import { usePreviewStore } from '../stores/preview-store';
import { useRouteStore } from '../stores/route-store';
import { useSearchStore } from '../stores/search-store';
import { byClient } from './search-groups';

const DEBOUNCE_MS = 250;

/** The matched part of `text` in bold (first match, case-insensitive). */
function Highlight({ text, query }: { text: string; query: string }) {
  const at = query ? text.toLowerCase().indexOf(query.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="search-mark">{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

/** The words around a phrase found inside a document, the phrase marked; text only. */
function Snippet({ snippet }: { snippet: TextSnippet }) {
  return (
    <span className="search-snippet" data-testid="search-snippet">
      …{snippet.before}
      <mark className="search-mark">{snippet.match}</mark>
      {snippet.after}…
    </span>
  );
}

/** 全局搜索: clients, documents and credentials as the user types; choosing one opens the client, the preview or the client's 账号密码. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const { query, hits, loading, search, clear } = useSearchStore();
  const navigate = useRouteStore((s) => s.navigate);
  const openPreview = usePreviewStore((s) => s.open);
  const [typed, setTyped] = useState('');
  const debounced = useDebouncedValue(typed, DEBOUNCE_MS);

  useEffect(() => {
    void search(debounced);
  }, [debounced, search]);

  const options = useMemo(() => {
    if (!hits) return [];
    const group = (title: string, count: number, icon: ReactNode) => (
      <span className="search-group">
        {icon} {title} <span className="search-group-count">{count}</span>
      </span>
    );
    const groups = [];
    if (hits.clients.length > 0) {
      groups.push({
        label: group(t('search.clients'), hits.clients.length, <TeamOutlined />),
        options: hits.clients.map((c) => ({
          value: `client:${c.id}`,
          label: (
            <div className="search-option" data-testid="search-client">
              <span className="search-option-main">
                <Highlight text={c.name} query={query} />
              </span>
              <LabelTag label={c.label} />
              <span className="search-option-sub mono">{c.creditCode ?? ''}</span>
            </div>
          ),
        })),
      });
    }
    for (const docs of byClient(hits.documents)) {
      const first = docs[0];
      if (!first) continue;
      groups.push({
        label: group(`${t('search.documents')} · ${first.clientName}`, docs.length, <FileIcon mime="application/octet-stream" />),
        options: docs.map((d) => ({
          value: `doc:${d.id}`,
          label: (
            <div className="search-option search-option-document" data-testid="search-document">
              <div className="search-option-line">
                <FileIcon mime={d.mime} />
                <span className="search-option-main">
                  <Highlight text={d.name} query={query} />
                </span>
                <span className="search-option-sub">
                  {d.category || t('common.none')} · {periodText(t, d)}
                </span>
              </div>
              {d.snippet && <Snippet snippet={d.snippet} />}
            </div>
          ),
        })),
      });
    }
    // By title and login only: main never searches secrets.
    const credentials = hits.credentials ?? [];
    if (credentials.length > 0) {
      groups.push({
        label: group(t('cred.search.group'), credentials.length, <KeyOutlined />),
        options: credentials.map((c) => ({
          value: `cred:${c.id}`,
          label: (
            <div className="search-option" data-testid="search-credential">
              <KeyOutlined />
              <span className="search-option-main">
                <Highlight text={c.title} query={query} />
              </span>
              <span className="search-option-sub">
                {c.login ? (
                  <>
                    <span className="mono">
                      <Highlight text={c.login} query={query} />
                    </span>
                    {' · '}
                  </>
                ) : null}
                {c.clientName}
              </span>
            </div>
          ),
        })),
      });
    }
    return groups;
  }, [hits, query, t]);

  function onSelect(value: string) {
    setTyped('');
    clear();
    const [kind, id] = value.split(':');
    if (!id) return;
    if (kind === 'client') {
      navigate({ name: 'client', id });
      return;
    }
    if (kind === 'cred') {
      const credential = hits?.credentials?.find((c) => c.id === id);
      if (credential) navigate({ name: 'client', id: credential.clientId, tab: 'credentials' });
      return;
    }
    const doc = hits?.documents.find((d) => d.id === id);
    if (!doc) return;
    navigate({ name: 'client', id: doc.clientId });
    void openPreview({ id: doc.id, name: doc.name, clientId: doc.clientId, mime: doc.mime, size: doc.size });
  }

  const searching = typed.trim() !== '';
  return (
    <AutoComplete
      className="global-search"
      value={typed}
      options={options}
      onChange={(value: string) => setTyped(value)}
      onSelect={onSelect}
      popupMatchSelectWidth={520}
      notFoundContent={searching && !loading && hits ? t('search.noMatch') : null}
      data-testid="global-search"
    >
      <Input
        allowClear
        prefix={<SearchOutlined />}
        suffix={loading ? <Spin size="small" /> : null}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        maxLength={200}
      />
    </AutoComplete>
  );
}
