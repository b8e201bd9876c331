import { Badge, createTheme, NavLink, Notification, type CSSVariablesResolver } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 9, dark: 8 },
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  // Text on filled colours is dark or light as the colour needs (4.5:1 for the axe check).
  autoContrast: true,
  luminanceThreshold: 0.4,
  components: {
    NavLink: NavLink.extend({ defaultProps: { variant: "filled" } }),
    Badge: Badge.extend({ defaultProps: { variant: "filled" } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss the message" } },
      styles: { description: { color: "var(--mantine-color-gray-8)" } },
    }),
  },
});

/** Dimmed text keeps 4.5:1 contrast on white (axe color-contrast); Mantine's default gray is lighter. */
export const cssVariables: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { "--mantine-color-dimmed": t.colors.gray[7] ?? "#495057" },
  dark: {},
});
