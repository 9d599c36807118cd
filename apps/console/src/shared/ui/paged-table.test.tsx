import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { PagedTable, type PagedList } from './paged-table';

type Row = { id: string; name: string };

function list(over: Partial<PagedList<Row>>): PagedList<Row> {
  return {
    data: undefined,
    error: null,
    hasNextPage: false,
    isFetchingNextPage: false,
    refetch: vi.fn(),
    fetchNextPage: vi.fn(),
    ...over,
  };
}

function table(l: PagedList<Row>) {
  return render(
    <PagedTable
      list={l}
      testId="rows"
      head={
        <tr>
          <th scope="col">Nome</th>
        </tr>
      }
      row={(r) => (
        <tr key={r.id}>
          <td>{r.name}</td>
        </tr>
      )}
    />,
  );
}

describe('PagedTable', () => {
  it('shows the rows of every loaded page and asks for the next one', () => {
    const l = list({
      data: { pages: [{ items: [{ id: '1', name: 'Roma' }] }, { items: [{ id: '2', name: 'Milano' }] }] },
      hasNextPage: true,
    });
    table(l);
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['Roma', 'Milano']);
    fireEvent.click(screen.getByRole('button', { name: 'Carica altri' }));
    expect(l.fetchNextPage).toHaveBeenCalledTimes(1);
  });

  it('says there is nothing, without a table or a "more" button, when the list is empty', () => {
    table(list({ data: { pages: [{ items: [] }] } }));
    expect(screen.getByText('Nessun dato.')).toBeTruthy();
    expect(screen.queryByTestId('rows')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows the error of the first page with a retry that refetches', () => {
    const l = list({ error: new Error('boom') });
    table(l);
    expect(screen.getByRole('alert').textContent).toContain('boom');
    fireEvent.click(screen.getByRole('button', { name: 'Riprova' }));
    expect(l.refetch).toHaveBeenCalledTimes(1);
  });

  it('keeps the loaded rows and shows the error of a later page with a retry of that page', () => {
    const l = list({ data: { pages: [{ items: [{ id: '1', name: 'Roma' }] }] }, error: new Error('page 2 failed') });
    table(l);
    expect(screen.getByRole('cell').textContent).toBe('Roma');
    expect(screen.getByRole('alert').textContent).toContain('page 2 failed');
    fireEvent.click(screen.getByRole('button', { name: 'Riprova' }));
    expect(l.fetchNextPage).toHaveBeenCalledTimes(1);
    expect(l.refetch).not.toHaveBeenCalled();
  });
});
