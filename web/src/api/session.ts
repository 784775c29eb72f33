/**
 * The sign-in token. The server prints `https://HOST:PORT/?token=…` (as Jupyter does); the UI keeps
 * the token in this browser's local storage and takes it out of the address bar at once, so it is
 * not left in the history or shown on screen.
 */
const KEY = 'paletteai.token';

const listeners = new Set<() => void>();

export const session = {
  token: (): string | null => localStorage.getItem(KEY),
  signIn(token: string): void {
    localStorage.setItem(KEY, token.trim());
    listeners.forEach((l) => l());
  },
  signOut(): void {
    localStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  /** Called when the token changes (sign-in, sign-out, or the server refused it). */
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Takes `?token=` from the address (if any) into the session and out of the address bar. */
export const takeTokenFromAddress = (): void => {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return;
  session.signIn(token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
};
