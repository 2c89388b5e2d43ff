import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { REASON_TEXT } from './reason-text';

export { REASON_TEXT };

interface ErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

const CODE_TEXT: Record<string, string> = {
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: '您没有权限进行此操作。',
  NOT_FOUND: '找不到该记录，可能已被删除。',
  CONFLICT: '当前状态不允许此操作，请刷新后重试。',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试。',
  INTERNAL_SERVER_ERROR: '服务器出错了，请稍后重试。',
};

export function graphqlErrors(error: unknown): ErrorLike[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors as ErrorLike[];
  return [];
}

/** The sentence for one error in GraphQL's shape (also what GET /export/... answers on refusal). */
export function messageOf(e: ErrorLike): string {
  const reason = e.extensions?.reason;
  const sentence = typeof reason === 'string' ? REASON_TEXT[reason] : undefined;
  if (sentence) return sentence;
  const code = String(e.extensions?.code ?? '');
  if (code === 'TOO_MANY_REQUESTS' && typeof e.extensions?.retryAfter === 'number') return `操作过于频繁，请 ${e.extensions.retryAfter} 秒后再试。`;
  if (code === 'BAD_USER_INPUT') return `填写有误：${e.message}`;
  if (code === 'CONFLICT') return `无法完成：${e.message}`;
  return CODE_TEXT[code] ?? e.message;
}

/** The sentence to show for an error: by reason (the table above), then by code, then the server's own message. */
export function errorMessage(error: unknown): string {
  const [first] = graphqlErrors(error);
  if (first) return messageOf(first);
  if (ServerError.is(error)) return CODE_TEXT.INTERNAL_SERVER_ERROR;
  if (error instanceof Error && /fetch|network|socket/i.test(error.message)) return '无法连接服务器，请检查网络后重试。';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Server errors placed beside the form field that extensions.field names
 * ("input.budget" → budget; nested "input.location.lat" → location). Returns what
 * antd's form.setFields takes, and the sentences no field claims.
 */
export function fieldErrors(error: unknown, fieldNames: readonly string[]): { fields: { name: string; errors: string[] }[]; rest: string[] } {
  const fields: { name: string; errors: string[] }[] = [];
  const rest: string[] = [];
  const list = graphqlErrors(error);
  for (const e of list) {
    const raw = typeof e.extensions?.field === 'string' ? (e.extensions.field as string) : null;
    const name = raw ? raw.replace(/^input\./, '').split('.')[0] : null;
    if (name && fieldNames.includes(name)) fields.push({ name, errors: [messageOf(e)] });
    else rest.push(messageOf(e));
  }
  if (list.length === 0) rest.push(errorMessage(error));
  return { fields, rest };
}
