/** Warehouse queries shared by several pages. */

import { useQuery } from "@tanstack/react-query";
import { api, call } from "./client";

export const warehouseKeys = {
  all: ["warehouses"] as const,
  one: (id: string) => ["warehouses", id] as const,
  reports: (id: string) => ["warehouses", id, "reports"] as const,
  access: (id: string) => ["warehouses", id, "access"] as const,
  summary: (id: string) => ["warehouses", id, "summary"] as const,
};

export function useWarehouses() {
  return useQuery({
    queryKey: warehouseKeys.all,
    queryFn: () => call(api.GET("/api/v1/warehouses")),
  });
}

export function useWarehouse(id: string) {
  return useQuery({
    queryKey: warehouseKeys.one(id),
    queryFn: () => call(api.GET("/api/v1/warehouses/{warehouse_id}", { params: { path: { warehouse_id: id } } })),
  });
}

export function useReports(warehouseId: string) {
  return useQuery({
    queryKey: warehouseKeys.reports(warehouseId),
    queryFn: () =>
      call(
        api.GET("/api/v1/warehouses/{warehouse_id}/reports", {
          params: { path: { warehouse_id: warehouseId }, query: { limit: 50 } },
        }),
      ),
  });
}
