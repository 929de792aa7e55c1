import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layerRules } from "./eslint/layers.js";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  ...layerRules,
  {
    files: ["test/**", "bench/**"],
    rules: { "no-console": "off" },
  },
);
