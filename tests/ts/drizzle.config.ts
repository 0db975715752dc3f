// drizzle-kit's config for the tests: the schema module, the sqld URL and token, and the output folder
// come from the environment (tests/test_codegen_drizzle.py sets them; nothing here is a secret).
import { defineConfig } from "drizzle-kit";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

export default defineConfig({
  dialect: "turso",
  schema: env("SCHEMAGEN_DRIZZLE_SCHEMA"),
  out: process.env.SCHEMAGEN_DRIZZLE_OUT ?? "drizzle-out",
  dbCredentials: {
    url: process.env.SCHEMAGEN_DRIZZLE_URL ?? "file:unused.db",
    authToken: process.env.SCHEMAGEN_DRIZZLE_TOKEN,
  },
});
