"""Code generation: the app's Drizzle ORM module (TypeScript) and Python row types, from the model.

shapes (JSON Schema -> a type tree) feeds typescript and python; expressible says what Drizzle can state;
drizzle and python render the two modules (layout in templates/drizzle_schema.ts.j2 and python_rows.py.j2).
"""
