/** Shows an API error the way a clerk can act on it: the message, and each field or row at fault. */
import { Alert, List } from '@mantine/core';
import { isApiError } from '../api/client';

interface Problem {
  field?: string;
  row?: number;
  message?: string;
}

export function problemsOf(error: unknown): Problem[] {
  if (!isApiError(error)) return [];
  const problems = error.details.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter((problem): problem is Problem => typeof problem === 'object' && problem !== null);
}

export function errorMessageOf(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'forbidden') {
      const permission = error.details.permission;
      return typeof permission === 'string'
        ? `${error.message} (needs the permission ${permission})`
        : error.message;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  // An ended session has its own sign-in dialog over the screen; once signed in again, the
  // clerk repeats the action, so a stale "sign in to continue" here would only confuse.
  if (isApiError(error) && error.code === 'unauthenticated') return null;
  const problems = problemsOf(error);
  const field = isApiError(error) && typeof error.details.field === 'string' ? error.details.field : null;
  return (
    <Alert color="red" role="alert" title={title ?? 'That did not work'}>
      {errorMessageOf(error)}
      {field && problems.length === 0 && <> (field: {field})</>}
      {problems.length > 0 && (
        <List size="sm" mt="xs">
          {problems.map((problem, index) => (
            <List.Item key={index}>
              {problem.field ? <strong>{problem.field}: </strong> : null}
              {problem.row !== undefined ? <strong>row {problem.row}: </strong> : null}
              {problem.message ?? ''}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
