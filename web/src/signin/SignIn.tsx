/** Sign-in with a token: the one the server printed (`open the web UI: …?token=…`), or any API token. */
import { Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { session } from '../api/session';

export const SignIn = () => {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // Check the token before keeping it: /version needs a valid one.
      const res = await fetch('/version', { headers: { authorization: `Bearer ${token.trim()}` } });
      if (res.status === 401)
        setError('The server did not accept this token. Copy it again from the server output.');
      else if (!res.ok) setError(`The server answered ${res.status}.`);
      else session.signIn(token);
    } catch (e) {
      setError(`Cannot reach the server: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder p="xl" w={440} shadow="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Title order={2}>Sign in to PaletteAI</Title>
            <Text size="sm" c="dimmed">
              Open the address the server printed when it started (
              <code>open the web UI: https://…/?token=…</code>
              ), or paste a token here. <code>paletteai token create</code> makes another.
            </Text>
            <PasswordInput
              label="Token"
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              error={error}
              autoFocus
              required
            />
            <Button type="submit" loading={busy} disabled={!token.trim()}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
};
