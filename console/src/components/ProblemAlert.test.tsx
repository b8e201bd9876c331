import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiProblem } from "../api/problem";
import { renderWithMantine } from "../test/render";
import { ProblemAlert } from "./ProblemAlert";

describe("ProblemAlert", () => {
  it("shows the problem's title, detail, and the file, column and rows it names", () => {
    const problem = new ApiProblem(422, {
      type: "https://wie.dev/problems/unparseable-dates",
      title: "Unreadable dates",
      status: 422,
      detail: "3 dates in column 'Created' could not be read.",
      file_name: "stock.csv",
      column: "Created",
      rows: [4, 9, 12],
      nested: { ignored: true },
    });
    renderWithMantine(<ProblemAlert error={problem} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Unreadable dates");
    expect(screen.getByText("3 dates in column 'Created' could not be read.")).toBeInTheDocument();
    const facts = screen.getByTestId("problem-facts");
    expect(facts).toHaveTextContent("File: stock.csv");
    expect(facts).toHaveTextContent("Column: Created");
    expect(facts).toHaveTextContent("Rows: 4, 9, 12");
    expect(screen.getByRole("alert").textContent).not.toMatch(/\[object Object\]|undefined|\{/);
  });

  it("lists field errors by field name", () => {
    const problem = new ApiProblem(422, { title: "Invalid input", detail: "invalid input: max_uses", errors: [{ field: "max_uses", message: "must be at most 100" }] });
    renderWithMantine(<ProblemAlert error={problem} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Max uses: must be at most 100");
    expect(problem.fieldError("max_uses")).toBe("must be at most 100");
  });

  it("explains a network failure without a status", () => {
    renderWithMantine(<ProblemAlert error={new TypeError("Failed to fetch")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
  });
});
