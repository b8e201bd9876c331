import { createContext, useContext, type ReactNode } from "react";
import type { Access, Warehouse } from "../api/types";

export interface CurrentWarehouse {
  warehouse: Warehouse;
  access: Access;
  canWrite: boolean;
  canAdmin: boolean;
}

const Context = createContext<CurrentWarehouse | null>(null);

export function WarehouseProvider({ warehouse, children }: { warehouse: Warehouse; children: ReactNode }) {
  const access = (warehouse.access ?? "READ") as Access;
  const value: CurrentWarehouse = {
    warehouse,
    access,
    canWrite: access === "WRITE" || access === "ADMIN",
    canAdmin: access === "ADMIN",
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCurrentWarehouse(): CurrentWarehouse {
  const value = useContext(Context);
  if (!value) throw new Error("useCurrentWarehouse outside a warehouse page");
  return value;
}

export const READ_ONLY_REASON = "You have READ access to this warehouse: ask an ADMIN for WRITE access to change it.";
export const ADMIN_ONLY_REASON = "Only a warehouse ADMIN can change this: ask an ADMIN of this warehouse.";
