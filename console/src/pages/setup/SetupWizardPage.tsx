import { Button, Group, Paper, Stepper } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, call } from "../../api/client";
import { ApiProblem } from "../../api/problem";
import { warehouseKeys } from "../../api/warehouses";
import { ME_KEY } from "../../auth/AuthProvider";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { browserZone } from "../../format/time";
import { ReviewStep } from "./ReviewStep";
import { BasicsStep, FormatStep, SpecialAreasStep, StructureStep } from "./SetupSteps";
import { formPath, initialSetup, stepOfField, toWarehouseIn, validateSetup, type SetupValues } from "./structure";

const STEPS = ["Name and time zone", "Structure", "Special areas", "Code format", "Review"];
const REVIEW = STEPS.length - 1;

export function SetupWizardPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const form = useForm<SetupValues>({ initialValues: initialSetup(browserZone()) });
  const template = form.values.mode === "template";

  /** Local checks of the steps up to `upTo`; on a problem, show that step with its errors. */
  const checkUpTo = (upTo: number): boolean => {
    const errors = Object.fromEntries(
      Object.entries(validateSetup(form.values)).filter(([path]) => stepOfField(path) <= upTo),
    );
    form.setErrors(errors);
    const first = Object.keys(errors)[0];
    if (first !== undefined) {
      setStep(stepOfField(first));
      return false;
    }
    return true;
  };

  const next = () => {
    if (!checkUpTo(step)) return;
    setStep(template && step === 0 ? REVIEW : Math.min(step + 1, REVIEW));
  };
  const back = () => setStep(template && step === REVIEW ? 0 : Math.max(step - 1, 0));

  const create = async () => {
    if (!checkUpTo(REVIEW)) return;
    setError(null);
    setCreating(true);
    try {
      const created = await call(api.POST("/api/v1/warehouses", { body: toWarehouseIn(form.values) }));
      if (!template && form.values.location_format) {
        await call(
          api.PATCH("/api/v1/warehouses/{warehouse_id}", {
            params: { path: { warehouse_id: created.id } },
            body: { location_format: form.values.location_format, auto_aisle_areas: form.values.auto_aisle_areas },
          }),
        );
      }
      await queryClient.invalidateQueries({ queryKey: warehouseKeys.all });
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      notifications.show({ color: "green", title: "Warehouse created", message: `${created.name} is ready.` });
      navigate(`/w/${created.id}`);
    } catch (e) {
      if (e instanceof ApiProblem && e.errors.length) {
        const errors = Object.fromEntries(e.errors.map((f) => [formPath(f.field), f.message]));
        form.setErrors(errors);
        setStep(Math.min(...Object.keys(errors).map(stepOfField)));
      }
      setError(e);
    } finally {
      setCreating(false);
    }
  };

  return (
    <>
      <PageHeader title="Set up a warehouse" subtitle="Describe the layout once; every upload is checked against it." />
      {error !== null && <ProblemAlert error={error} title="The warehouse was not created" />}
      <Paper withBorder p="lg" radius="md" mt="md">
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={STEPS[0]}>
            <BasicsStep form={form} />
          </Stepper.Step>
          <Stepper.Step label={STEPS[1]} disabled={template}>
            <StructureStep form={form} />
          </Stepper.Step>
          <Stepper.Step label={STEPS[2]} disabled={template}>
            <SpecialAreasStep form={form} />
          </Stepper.Step>
          <Stepper.Step label={STEPS[3]} disabled={template}>
            <FormatStep form={form} />
          </Stepper.Step>
          <Stepper.Step label={STEPS[4]}>
            <ReviewStep values={form.values} />
          </Stepper.Step>
        </Stepper>
        <Group justify="space-between" mt="xl">
          <Button variant="default" onClick={back} disabled={step === 0}>
            Back
          </Button>
          {step < REVIEW ? (
            <Button onClick={next}>{step === 3 && !form.values.location_format ? "Skip" : "Next"}</Button>
          ) : (
            <Button onClick={() => void create()} loading={creating}>
              Create warehouse
            </Button>
          )}
        </Group>
      </Paper>
    </>
  );
}
