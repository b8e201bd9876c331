import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { ApiProblem } from "../../api/problem";
import { hasSession, type SessionEnd } from "../../api/session";
import { SESSION_MESSAGES, useAuth } from "../../auth/AuthProvider";
import { ProblemAlert } from "../../components/ProblemAlert";

interface SignInState {
  ended?: SessionEnd;
  from?: string;
  registered?: string;
}

export function SignInPage() {
  useDocumentTitle("Sign in · WIE");
  const auth = useAuth();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as SignInState;
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { username: state.registered ?? "", password: "" },
    validate: {
      username: (v) => (v.trim() ? null : "Enter your username"),
      password: (v) => (v ? null : "Enter your password"),
    },
  });
  if (hasSession() && !state.ended) return <Navigate to={state.from ?? "/"} replace />;

  const submit = form.onSubmit(async ({ username, password }) => {
    setError(null);
    try {
      await auth.signIn(username.trim(), password);
      navigate(state.from ?? "/", { replace: true });
    } catch (e) {
      setError(e);
    }
  });
  const wrongPassword = error instanceof ApiProblem && error.status === 401;

  return (
    <Container size={420} py={60} component="main">
      <Title order={1} ta="center" size="h2">
        Warehouse Intelligence Engine
      </Title>
      <Text c="dimmed" size="sm" ta="center" mt={5}>
        Sign in to review your warehouse's anomalies.
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={submit} noValidate aria-label="Sign in">
          <Stack>
            {state.ended && (
              <Alert color={state.ended === "revoked" ? "orange" : "blue"} role="status">
                {SESSION_MESSAGES[state.ended]}
              </Alert>
            )}
            {state.registered && !state.ended && (
              <Alert color="green" role="status">
                Account {state.registered} created: sign in with your new password.
              </Alert>
            )}
            {error !== null &&
              (wrongPassword ? (
                <Alert color="red" role="alert" title="Sign-in failed">
                  The username or password is wrong. Check both and try again.
                </Alert>
              ) : (
                <ProblemAlert error={error} />
              ))}
            <TextInput label="Username" autoComplete="username" required {...form.getInputProps("username")} />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps("password")}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm" ta="center" mt="md">
        Have an invitation code?{" "}
        <Anchor component={Link} to="/register">
          Create an account
        </Anchor>
      </Text>
    </Container>
  );
}
