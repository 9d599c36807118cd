import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, Link, Outlet, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useFocusOnNavigate } from './focus-on-navigate';

function Shell() {
  useFocusOnNavigate('Il mio account');
  return (
    <>
      <Link to="/b">go</Link>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

describe('focus after navigation', () => {
  it('keeps the focus on a fresh load, then moves it to the new page’s heading and names the tab', async () => {
    const router = createMemoryRouter(
      [
        {
          element: <Shell />,
          children: [
            { path: '/a', element: <h1>Pagina A</h1> },
            { path: '/b', element: <h1>Pagina B</h1> },
          ],
        },
      ],
      { initialEntries: ['/a'] },
    );
    render(<RouterProvider router={router} />);
    expect(document.activeElement).toBe(document.body);
    expect(document.title).toBe('Pagina A · Il mio account');
    fireEvent.click(screen.getByRole('link', { name: 'go' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Pagina B'));
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1');
    expect(document.title).toBe('Pagina B · Il mio account');
  });
});
