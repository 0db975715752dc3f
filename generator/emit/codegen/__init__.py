"""Code generation: the app's Drizzle ORM module (TypeScript) and Python row types, from the model.

shapes turns a JSON Schema into a type tree that typescript and python render; expressible says what Drizzle
can state (the rest is left to push, with the reason); drizzle lays the module out (parts, zod for the
drizzle-zod exports) and python the row types, each through one template (drizzle_schema.ts.j2,
python_rows.py.j2).
"""
