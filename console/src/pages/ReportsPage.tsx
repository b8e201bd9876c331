import { Anchor, Button, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { useReports } from "../api/warehouses";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { ProblemAlert } from "../components/ProblemAlert";
import { useCurrentWarehouse } from "../components/WarehouseContext";
import { When } from "../components/When";
import { formatNumber } from "../format/labels";

export function ReportsPage() {
  const { warehouse, canWrite } = useCurrentWarehouse();
  const reports = useReports(warehouse.id);
  const upload = canWrite && (
    <Button component={Link} to={`/w/${warehouse.id}/upload`}>
      Upload an export
    </Button>
  );
  return (
    <>
      <PageHeader title="Reports" subtitle={`Uploads of ${warehouse.name}, newest first`} actions={upload} />
      {reports.isPending && <Loading />}
      {reports.isError && <ProblemAlert error={reports.error} />}
      {reports.data?.items.length === 0 && (
        <EmptyState title="No uploads yet — upload an export" action={upload || undefined}>
          Each upload of an inventory export becomes a report with its anomalies.
        </EmptyState>
      )}
      {reports.data && reports.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Data as of</Table.Th>
                <Table.Th>Rows</Table.Th>
                <Table.Th>Anomalies</Table.Th>
                <Table.Th>New</Table.Th>
                <Table.Th>Uploaded by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reports.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/w/${warehouse.id}/reports/${r.id}`}>
                      {r.file_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <When iso={r.as_of} zone={warehouse.timezone} />
                  </Table.Td>
                  <Table.Td>{formatNumber(r.row_count)}</Table.Td>
                  <Table.Td>{formatNumber(r.anomaly_count)}</Table.Td>
                  <Table.Td>{formatNumber(r.continuity.new)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.created_by}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
