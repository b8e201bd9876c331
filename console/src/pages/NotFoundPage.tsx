import { Button } from "@mantine/core";
import { Link } from "react-router";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address" action={<Button component={Link} to="/">Go to your warehouses</Button>}>
        The link may be old or mistyped.
      </EmptyState>
    </>
  );
}
