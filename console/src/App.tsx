import { Route, Routes } from "react-router";
import { AuthProvider, RequireAuth } from "./auth/AuthProvider";
import { AppLayout } from "./components/AppLayout";
import { HomePage } from "./pages/HomePage";
import { InvitationsPage } from "./pages/InvitationsPanel";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PeoplePage } from "./pages/PeoplePage";
import { ReportsPage } from "./pages/ReportsPage";
import { DashboardPage } from "./pages/dashboard/DashboardPage";
import { ReportPage } from "./pages/report/ReportPage";
import { RulesPage } from "./pages/rules/RulesPage";
import { SetupWizardPage } from "./pages/setup/SetupWizardPage";
import { UploadPage } from "./pages/upload/UploadPage";
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
                  <Route path="warehouses/new" element={<SetupWizardPage />} />
                  <Route path="invitations" element={<InvitationsPage />} />
                  <Route path="w/:warehouseId" element={<WarehouseLayout />}>
                    <Route index element={<DashboardPage />} />
                    <Route path="upload" element={<UploadPage />} />
                    <Route path="reports" element={<ReportsPage />} />
                    <Route path="reports/:reportId" element={<ReportPage />} />
                    <Route path="rules" element={<RulesPage />} />
                    <Route path="people" element={<PeoplePage />} />
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
