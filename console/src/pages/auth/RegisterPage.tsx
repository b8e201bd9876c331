import { Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, call } from "../../api/client";
import { ApiProblem } from "../../api/problem";
import { ProblemAlert } from "../../components/ProblemAlert";

const MIN_PASSWORD = 8;

export function RegisterPage() {
  useDocumentTitle("Create an account · WIE");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { username: "", password: "", confirm: "", invitation_code: params.get("code") ?? "" },
    validate: {
      username: (v) => (v.trim().length >= 3 ? null : "At least 3 characters"),
      password: (v) => (v.length >= MIN_PASSWORD ? null : `At least ${MIN_PASSWORD} characters`),
      confirm: (v, values) => (v === values.password ? null : "The two passwords differ"),
      invitation_code: (v) => (v.trim() ? null : "Enter the invitation code you were given"),
    },
  });

  const submit = form.onSubmit(async ({ username, password, invitation_code }) => {
    setError(null);
    try {
      await call(
        api.POST("/api/v1/auth/register", {
          body: { username: username.trim(), password, invitation_code: invitation_code.trim() },
        }),
      );
      navigate("/sign-in", { state: { registered: username.trim() } });
    } catch (e) {
      if (e instanceof ApiProblem) {
        for (const field of ["username", "password", "invitation_code"] as const) {
          const message = e.fieldError(field);
          if (message) form.setFieldError(field, message);
        }
        if (e.status === 409) form.setFieldError("username", e.detail || "This username is taken");
        if (e.status === 422 && !e.errors.length) form.setFieldError("invitation_code", e.detail);
      }
      setError(e);
    }
  });

  return (
    <Container size={440} py={60} component="main">
      <Title order={1} ta="center" size="h2">
        Create an account
      </Title>
      <Text c="dimmed" size="sm" ta="center" mt={5}>
        You need an invitation code from someone on your team.
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={submit} noValidate aria-label="Create an account">
          <Stack>
            {error !== null && <ProblemAlert error={error} title="The account was not created" />}
            <TextInput label="Invitation code" required {...form.getInputProps("invitation_code")} />
            <TextInput label="Username" autoComplete="username" required {...form.getInputProps("username")} />
            <PasswordInput
              label="Password"
              description={`At least ${MIN_PASSWORD} characters`}
              autoComplete="new-password"
              required
              {...form.getInputProps("password")}
            />
            <PasswordInput
              label="Repeat the password"
              autoComplete="new-password"
              required
              {...form.getInputProps("confirm")}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              Create account
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm" ta="center" mt="md">
        Already have an account?{" "}
        <Anchor component={Link} to="/sign-in">
          Sign in
        </Anchor>
      </Text>
    </Container>
  );
}
