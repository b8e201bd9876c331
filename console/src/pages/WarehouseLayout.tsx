import { Outlet, useParams } from "react-router";
import { ApiProblem } from "../api/problem";
import { useWarehouse } from "../api/warehouses";
import { EmptyState } from "../components/EmptyState";
import { Loading } from "../components/Loading";
import { ProblemAlert } from "../components/ProblemAlert";
import { WarehouseProvider } from "../components/WarehouseContext";

/** Pages under /w/:warehouseId share the warehouse (its time zone and the caller's access). */
export function WarehouseLayout() {
  const { warehouseId = "" } = useParams();
  const warehouse = useWarehouse(warehouseId);
  if (warehouse.isPending) return <Loading label="Loading the warehouse…" />;
  if (warehouse.isError) {
    if (warehouse.error instanceof ApiProblem && warehouse.error.status === 404) {
      return (
        <EmptyState title="Warehouse not found">
          This warehouse does not exist or you have no access to it. Pick one of yours from the list, or ask its
          ADMIN for access.
        </EmptyState>
      );
    }
    return <ProblemAlert error={warehouse.error} />;
  }
  return (
    <WarehouseProvider warehouse={warehouse.data}>
      <Outlet />
    </WarehouseProvider>
  );
}
