/**
 * The application root: providers, the session gate (sign-in, second-factor enrollment) and the
 * routes. A session that ends while someone works opens a sign-in dialog over the current screen,
 * so the screen (and what its form holds) stays; after signing in again they retry.
 */
import { Center, createTheme, Loader, MantineProvider, Modal, Stack, Text } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter, useNavigate } from 'react-router';
import { isApiError, onSessionEnded, setSessionState } from '../api/client';
import type { Session } from '../api/types';
import { AppLayout } from './AppLayout';
import { AppRoutes } from './AppRoutes';
import { deleteSession, getSession, SessionContext, sessionValueOf } from './session';
import { SignInPage } from './SignInPage';
import { SignInForm } from './SignInForm';
import { TotpEnrollment } from './TotpEnrollment';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'auto',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 401/403/404 will not change by asking again.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionGate />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

type GateState = { status: 'loading' } | { status: 'signed_out' } | { status: 'signed_in'; session: Session };

function SessionGate() {
  const [state, setState] = useState<GateState>({ status: 'loading' });
  const [isExpired, setIsExpired] = useState(false);
  const client = useQueryClient();
  const navigate = useNavigate();

  const acceptSession = useCallback((session: Session) => {
    setSessionState({ csrfToken: session.csrfToken, isSignedIn: true });
    setState({ status: 'signed_in', session });
  }, []);

  useEffect(() => {
    let isCurrent = true;
    getSession().then(
      (session) => isCurrent && acceptSession(session),
      () => isCurrent && setState({ status: 'signed_out' }),
    );
    return () => {
      isCurrent = false;
    };
  }, [acceptSession]);

  useEffect(() => onSessionEnded(() => setIsExpired(true)), []);

  const signOut = useCallback(async () => {
    try {
      await deleteSession();
    } catch {
      // Signed out already (the session had ended): nothing more to do.
    }
    setSessionState(null);
    client.clear();
    notifications.clean();
    setState({ status: 'signed_out' });
    navigate('/');
  }, [client, navigate]);

  const value = useMemo(
    () => (state.status === 'signed_in' ? sessionValueOf(state.session, signOut) : null),
    [state, signOut],
  );

  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (state.status === 'signed_out' || !value) {
    return <SignInPage onSignedIn={acceptSession} />;
  }
  if (value.session.mustEnrollTotp) {
    return (
      <TotpEnrollment
        session={value.session}
        onSignOut={() => void signOut()}
        onEnrolled={() => {
          notifications.show({ color: 'green', message: 'Second factor set up. Welcome.' });
          getSession().then(acceptSession, () => setState({ status: 'signed_out' }));
        }}
      />
    );
  }

  return (
    <SessionContext.Provider value={value}>
      <AppLayout>
        <AppRoutes />
      </AppLayout>
      <Modal
        opened={isExpired}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnEscape={false}
        closeOnClickOutside={false}
        title="Your session has ended"
        centered
      >
        <Stack gap="sm">
          <Text size="sm">
            You were signed out (idle too long, or the session reached its limit). Sign in again to
            carry on: this screen and what you typed stay as they are. Then repeat the last action.
          </Text>
          <SignInForm
            initialUsername={value.session.user.username}
            submitLabel="Sign in and continue"
            onSignedIn={(session) => {
              acceptSession(session);
              setIsExpired(false);
              void client.invalidateQueries();
              notifications.show({ color: 'green', message: 'Signed in again. Nothing on the screen was lost.' });
            }}
          />
        </Stack>
      </Modal>
    </SessionContext.Provider>
  );
}
