import { Route, Routes } from "react-router";
import { AuthProvider, RequireAuth } from "./auth/AuthProvider";
import { AppLayout } from "./components/AppLayout";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { WarehouseLayout } from "./pages/WarehouseLayout";
import { RegisterPage } from "./pages/auth/RegisterPage";
import { SignInPage } from "./pages/auth/SignInPage";

export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route
          path="*"
          element={
            <RequireAuth>
              <AppLayout>
                <Routes>
                  <Route index element={<HomePage />} />
                  <Route path="w/:warehouseId" element={<WarehouseLayout />}>
                  </Route>
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </AppLayout>
            </RequireAuth>
          }
        />
      </Routes>
    </AuthProvider>
  );
}
