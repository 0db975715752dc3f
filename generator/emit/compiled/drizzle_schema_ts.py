"""drizzle_schema.ts.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'df22a1f5145636ef777030d9614ea6b7780fedf18698435662a319863738efe4'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'drizzle_schema.ts.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_imports = resolve('imports')
    l_0_core_imports = resolve('core_imports')
    l_0_custom = resolve('custom')
    l_0_tables = resolve('tables')
    l_0_views = resolve('views')
    l_0_exports = resolve('exports')
    pass
    for l_1_line in (undefined(name='header') if l_0_header is missing else l_0_header):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    yield '\n'
    if ('sql' in (undefined(name='imports') if l_0_imports is missing else l_0_imports)):
        pass
        yield 'import { sql } from "drizzle-orm";\n'
    yield str((undefined(name='core_imports') if l_0_core_imports is missing else l_0_core_imports))
    yield '\n'
    if ('createInsertSchema' in (undefined(name='imports') if l_0_imports is missing else l_0_imports)):
        pass
        yield 'import { createInsertSchema } from "drizzle-zod";\n'
    if ('z' in (undefined(name='imports') if l_0_imports is missing else l_0_imports)):
        pass
        yield 'import { z } from "zod";\n'
    yield "\ndeclare const jsonShape: unique symbol;\n\n/**\n * TEXT holding JSON whose parsed value has type T; still a string, so JSON.stringify and JSON.parse work.\n * (The shape sits behind a function type so that drizzle-zod's type mapping does not walk into it.)\n */\nexport type JsonText<T> = string & { readonly [jsonShape]?: () => T };\n\n/** Any parsed JSON value. */\nexport type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };\n\n/** The parsed value of a JSON column, typed by its shape. */\nexport function parseJson<T>(text: JsonText<T>): T {\n  return JSON.parse(text) as T;\n}\n\n/** The text to store in a JSON column for a value of its shape. */\nexport function toJson<T>(value: T): JsonText<T> {\n  return JSON.stringify(value);\n}\n"
    for l_1_c in (undefined(name='custom') if l_0_custom is missing else l_0_custom):
        _loop_vars = {}
        pass
        yield '\n'
        yield str(environment.getattr(l_1_c, 'doc'))
        yield '\nconst '
        yield str(environment.getattr(l_1_c, 'variable'))
        yield ' = customType<{ data: '
        yield str(environment.getattr(l_1_c, 'data'))
        yield ' }>({ dataType: () => '
        yield str(environment.getattr(l_1_c, 'literal'))
        yield ' });\n'
    l_1_c = missing
    for l_1_t in (undefined(name='tables') if l_0_tables is missing else l_0_tables):
        _loop_vars = {}
        pass
        for l_2_s in environment.getattr(l_1_t, 'shapes'):
            _loop_vars = {}
            pass
            yield '\n'
            for l_3_line in environment.getattr(l_2_s, 'doc'):
                _loop_vars = {}
                pass
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
            yield 'export type '
            yield str(environment.getattr(l_2_s, 'name'))
            yield ' = '
            yield str(environment.getattr(l_2_s, 'type'))
            yield ';\n'
        l_2_s = missing
        yield '\n'
        for l_2_line in environment.getattr(l_1_t, 'notes'):
            _loop_vars = {}
            pass
            yield str(l_2_line)
            yield '\n'
        l_2_line = missing
        for l_2_line in environment.getattr(l_1_t, 'doc'):
            _loop_vars = {}
            pass
            yield str(l_2_line)
            yield '\n'
        l_2_line = missing
        yield 'export const '
        yield str(environment.getattr(l_1_t, 'variable'))
        yield ' = sqliteTable(\n  '
        yield str(environment.getattr(l_1_t, 'name'))
        yield ',\n  {\n'
        for l_2_c in environment.getattr(l_1_t, 'columns'):
            _loop_vars = {}
            pass
            for l_3_line in environment.getattr(l_2_c, 'notes'):
                _loop_vars = {}
                pass
                yield '  '
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
            for l_3_line in environment.getattr(l_2_c, 'doc'):
                _loop_vars = {}
                pass
                yield '  '
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
            for l_3_line in environment.getattr(l_2_c, 'lines'):
                _loop_vars = {}
                pass
                yield '  '
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
        l_2_c = missing
        yield '  },\n'
        if environment.getattr(l_1_t, 'extras'):
            pass
            yield '  ('
            yield str(('t' if environment.getattr(l_1_t, 'uses_columns') else ''))
            yield ') => [\n'
            for l_2_e in environment.getattr(l_1_t, 'extras'):
                _loop_vars = {}
                pass
                yield '    '
                yield str(l_2_e)
                yield ',\n'
            l_2_e = missing
            yield '  ],\n'
        yield ');\n'
    l_1_t = missing
    for l_1_v in (undefined(name='views') if l_0_views is missing else l_0_views):
        _loop_vars = {}
        pass
        yield '\n'
        for l_2_line in environment.getattr(l_1_v, 'doc'):
            _loop_vars = {}
            pass
            yield str(l_2_line)
            yield '\n'
        l_2_line = missing
        yield 'export const '
        yield str(environment.getattr(l_1_v, 'variable'))
        yield ' = sqliteView('
        yield str(environment.getattr(l_1_v, 'name'))
        yield ', {\n'
        for l_2_c in environment.getattr(l_1_v, 'columns'):
            _loop_vars = {}
            pass
            for l_3_line in environment.getattr(l_2_c, 'doc'):
                _loop_vars = {}
                pass
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
            for l_3_line in environment.getattr(l_2_c, 'lines'):
                _loop_vars = {}
                pass
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
        l_2_c = missing
        yield '}).as(sql`'
        yield str(environment.getattr(l_1_v, 'sql'))
        yield '`);\n'
    l_1_v = missing
    if (undefined(name='exports') if l_0_exports is missing else l_0_exports):
        pass
        yield '\n// drizzle-zod insert schemas and row types\n'
        for l_1_line in (undefined(name='exports') if l_0_exports is missing else l_0_exports):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing

blocks = {}
debug_info = '1=18&2=21&5=25&8=28&9=30&12=33&36=37&38=41&39=43&41=50&42=53&44=57&45=60&47=64&50=70&51=73&53=76&54=79&56=83&57=85&59=87&60=90&61=94&63=97&64=101&66=104&67=108&71=113&72=116&73=118&74=122&80=128&82=132&83=135&85=139&86=143&87=146&88=149&90=152&91=155&94=160&96=163&99=166&100=169'
