import { Alert, Button, Card, Result, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../app/auth';
import { count } from '../lib/format';
import { errorText, IMPORT_KINDS, postImport, statusText, type ImportAnswer, type ImportKind, type ImportRowError } from './importApi';

interface PreviewRow {
  key: number;
  row: number;
  cells: string[];
}

type Phase =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'checked'; status: number; answer: ImportAnswer }
  | { step: 'importing' }
  | { step: 'done'; answer: ImportAnswer };

const INVALID_CELL = { background: '#fff1f0', boxShadow: 'inset 0 0 0 1px #ff4d4f' };

/**
 * Bulk import of a needs booklet (communities, organizers) or a service catalogue
 * (organizations): download the template, choose the filled-in file, see it checked
 * row by row (a dry run) with each refused cell marked, then confirm the import.
 */
export default function ImportPage() {
  const { me, token } = useAuth();
  const kind: ImportKind = me?.role === 'ORGANIZATION' ? 'offerings' : 'needs';
  const spec = IMPORT_KINDS[kind];
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [failure, setFailure] = useState<string | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();

  async function check(chosen: File) {
    setFailure(null);
    setPhase({ step: 'checking' });
    try {
      const { status, body } = await postImport(kind, chosen, token, true);
      setPhase({ step: 'checked', status, answer: body });
      setOnlyErrors(body.errors.length > 0 && body.rows > 20);
    } catch {
      setFailure('无法连接服务器，请检查网络后重试。');
      setPhase({ step: 'idle' });
    }
  }

  async function confirm() {
    if (!file) return;
    setFailure(null);
    setPhase({ step: 'importing' });
    try {
      const { status, body } = await postImport(kind, file, token, false);
      if (status === 200) setPhase({ step: 'done', answer: body });
      else setPhase({ step: 'checked', status, answer: body });
    } catch {
      setFailure('无法连接服务器，请检查网络后重试。');
      setPhase({ step: 'idle' });
    }
  }

  function reset() {
    setFile(null);
    setPhase({ step: 'idle' });
    if (input.current) input.current.value = '';
  }

  const checked = phase.step === 'checked' ? phase : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {spec.title}
      </Typography.Title>
      <Card title="1. 下载模板">
        <Space orientation="vertical">
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            按模板填写：第一行为表头，请勿修改；「填写说明」工作表列出各列要求和可选值（服务领域、资金来源等）。支持 XLSX 和 CSV（UTF-8 或 Excel 默认的 GB18030
            编码），单个文件不超过 5 MB、5,000 行。
            {kind === 'needs' && me?.role === 'ORGANIZER' ? ' 组织者导入时，每行须在「社区」列填写社区名称或社区编号。' : ''}
          </Typography.Paragraph>
          <Button href={spec.template} download={spec.templateName}>
            下载模板
          </Button>
        </Space>
      </Card>
      <Card title="2. 上传文件并校验">
        <Space wrap>
          <Button type="primary" onClick={() => input.current?.click()} loading={phase.step === 'checking'}>
            选择文件
          </Button>
          <input
            ref={input}
            aria-label="选择文件"
            tabIndex={-1}
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              if (chosen) void check(chosen);
            }}
          />
          <Typography.Text type="secondary">{file ? `已选择：${file.name}` : '尚未选择文件'}</Typography.Text>
        </Space>
        {failure && <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" title={failure} />}
        {phase.step === 'checking' && (
          <div role="status" style={{ marginTop: 16 }}>
            正在校验文件…
          </div>
        )}
        {checked && <CheckResult kind={kind} status={checked.status} answer={checked.answer} noun={spec.noun} unit={spec.unit} />}
      </Card>
      {checked?.answer.preview && (
        <Card
          title="3. 预览"
          extra={
            checked.answer.errors.length > 0 && (
              <Space>
                <Switch checked={onlyErrors} onChange={setOnlyErrors} aria-label="只看有误的行" />
                <span aria-hidden>只看有误的行</span>
              </Space>
            )
          }
        >
          <Preview kind={kind} answer={checked.answer} onlyErrors={onlyErrors} />
        </Card>
      )}
      {phase.step === 'done' ? (
        <Result
          status="success"
          title={`已导入 ${count(phase.answer.created)} ${spec.unit}${spec.noun}`}
          extra={[
            <Button key="list" type="primary" onClick={() => navigate(kind === 'needs' ? (me?.role === 'COMMUNITY' ? '/my/needs' : '/needs') : '/my/catalog')}>
              {kind === 'needs' ? '查看需求' : '查看服务目录'}
            </Button>,
            <Button key="again" onClick={reset}>
              继续导入
            </Button>,
          ]}
        />
      ) : (
        <Card title="4. 确认导入">
          <Space>
            <Button
              type="primary"
              disabled={!(checked && checked.status === 200 && checked.answer.rows > 0)}
              loading={phase.step === 'importing'}
              onClick={() => void confirm()}
            >
              确认导入
            </Button>
            <Typography.Text type="secondary">整表导入：全部校验通过后才可导入，任何一行有误都不会导入。</Typography.Text>
          </Space>
        </Card>
      )}
    </Space>
  );
}

export function CheckResult({ kind, status, answer, noun, unit }: { kind: ImportKind; status: number; answer: ImportAnswer; noun: string; unit: string }) {
  if (status === 200) {
    return <Alert style={{ marginTop: 16 }} type="success" showIcon title={`校验通过：共 ${count(answer.rows)} ${unit}${noun}，可以导入。`} />;
  }
  const fileErrors = answer.errors.filter((e) => e.row === null || !answer.preview);
  const cellErrors = answer.errors.length - fileErrors.length;
  const rowsWithErrors = new Set(answer.errors.filter((e) => e.row !== null).map((e) => e.row)).size;
  return (
    <Alert
      style={{ marginTop: 16 }}
      type="error"
      showIcon
      role="alert"
      title={
        cellErrors > 0
          ? `校验未通过：${count(rowsWithErrors)} 行共 ${count(cellErrors)} 处错误，请在文件中修改后重新上传。未导入任何数据。`
          : (statusText(status) ?? '文件无法导入，未导入任何数据。')
      }
      description={
        fileErrors.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {fileErrors.map((e, i) => (
              <li key={i}>
                {e.row !== null ? `第 ${e.row} 行` : '文件'}
                {e.column ? `「${e.column}」` : ''}：{errorText(kind, e) ?? e.message}
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}

export function Preview({ kind, answer, onlyErrors }: { kind: ImportKind; answer: ImportAnswer; onlyErrors: boolean }) {
  const preview = answer.preview!;
  const { byCell, byRow } = useMemo(() => {
    const cells = new Map<string, ImportRowError[]>();
    const rows = new Map<number, ImportRowError[]>();
    for (const e of answer.errors) {
      if (e.row === null) continue;
      rows.set(e.row, [...(rows.get(e.row) ?? []), e]);
      if (e.column && preview.headers.includes(e.column)) cells.set(`${e.row}:${e.column}`, [...(cells.get(`${e.row}:${e.column}`) ?? []), e]);
    }
    return { byCell: cells, byRow: rows };
  }, [answer, preview]);

  const data: PreviewRow[] = preview.rows.filter((r) => !onlyErrors || byRow.has(r.row)).map((r) => ({ key: r.row, ...r }));
  const columns: ColumnsType<PreviewRow> = [
    { title: '行号', dataIndex: 'row', width: 64, fixed: 'left' },
    ...preview.headers.map((header, i) => ({
      title: header,
      key: header,
      onCell: (r: PreviewRow) => (byCell.has(`${r.row}:${header}`) ? { style: INVALID_CELL, 'data-invalid': 'true' } : {}),
      render: (_: unknown, r: PreviewRow) => {
        const errors = byCell.get(`${r.row}:${header}`);
        return (
          <>
            <div>{r.cells[i] || (errors ? <Typography.Text type="secondary">（空）</Typography.Text> : '')}</div>
            {errors?.map((e, k) => (
              <CellError key={k} kind={kind} error={e} />
            ))}
          </>
        );
      },
    })),
    {
      title: '校验结果',
      key: 'result',
      width: 140,
      render: (_: unknown, r: PreviewRow) => {
        const errors = byRow.get(r.row) ?? [];
        const elsewhere = errors.filter((e) => !e.column || !preview.headers.includes(e.column));
        if (errors.length === 0) return <Typography.Text type="success">通过</Typography.Text>;
        return (
          <Typography.Text type="danger">
            {`${errors.length} 处错误`}
            {elsewhere.map((e, k) => (
              <CellError key={k} kind={kind} error={e} />
            ))}
          </Typography.Text>
        );
      },
    },
  ];
  // The wide table scrolls inside a focusable region, so keyboard users can scroll it too.
  return (
    <div role="region" aria-label="导入预览" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table<PreviewRow>
        size="small"
        columns={columns}
        dataSource={data}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${count(total)} 行` }}
      />
    </div>
  );
}

/** A refused cell's explanation: the Chinese rule, then the server's exact message. */
function CellError({ kind, error }: { kind: ImportKind; error: ImportRowError }) {
  const text = errorText(kind, error);
  return (
    <span style={{ display: 'block', fontSize: 12 }}>
      {text && (
        <Typography.Text type="danger" style={{ display: 'block' }}>
          {text}
        </Typography.Text>
      )}
      <Typography.Text type="danger" style={{ display: 'block' }}>
        {error.message}
      </Typography.Text>
    </span>
  );
}
