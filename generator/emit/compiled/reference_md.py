"""reference.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '7501ec0d91062850c73c68a8431427cb3e1e43e3004ecffe3cacadbce448f966'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'reference.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_page = resolve('page')
    l_0_pages = resolve('pages')
    l_0_options = resolve('options')
    l_0_view = resolve('view')
    l_0_m = l_0_how = l_0_s = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'reference.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ': schema reference\n\nThe full reference of the `'
    yield str(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))
    yield '` database: every table and column, the relationships and\n'
    l_0_how = (((['configure'] + (['back up'] if context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'backup') else [])) + ['tune']) + (['secure'] if context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'security') else []))
    context.vars['how'] = l_0_how
    context.exported_vars.add('how')
    yield 'constraints, and how to '
    yield str(t_1(context.eval_ctx, (undefined(name='how') if l_0_how is missing else l_0_how), ', '))
    yield ' and troubleshoot it.\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'header'), (undefined(name='pages') if l_0_pages is missing else l_0_pages), 'this page'))
    yield 'The ER diagram, access patterns and indexing strategy are in ['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ');\nthe cheat sheet, with every command, is ['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_reference'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_reference'), 'name'))
    yield ').\n'
    if (('drizzle' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs')) or ('python' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs'))):
        pass
        yield 'Generated code:'
        if ('drizzle' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs')):
            pass
            yield ' the Drizzle ORM module [drizzle/schema.ts](drizzle/schema.ts)'
        if (('drizzle' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs')) and ('python' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs'))):
            pass
            yield ' and'
        if ('python' in environment.getattr((undefined(name='options') if l_0_options is missing else l_0_options), 'outputs')):
            pass
            yield ' the Python row types [python/rows.py](python/rows.py)'
        yield '.\n'
    yield '\n'
    yield str(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'description'))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'intro')))
    yield '\n\n**At a glance:** '
    yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'glance'))
    yield '.\n\n## Contents\n\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'sections'), undefined):
        _loop_vars = {}
        pass
        yield '- ['
        yield str(environment.getattr(l_1_s, 'title'))
        yield '](#'
        yield str(environment.getattr(l_1_s, 'anchor'))
        yield ')\n'
        if (environment.getattr(l_1_s, 'id') == 'tables'):
            pass
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'categories'), undefined):
                _loop_vars = {}
                pass
                yield '  - '
                if environment.getattr(l_2_c, 'name'):
                    pass
                    yield str(environment.getattr(l_2_c, 'name'))
                    yield ': '
                l_3_loop = missing
                for l_3_tv, l_3_loop in LoopContext(environment.getattr(l_2_c, 'tables'), undefined):
                    _loop_vars = {}
                    pass
                    yield '[`'
                    yield str(environment.getattr(environment.getattr(l_3_tv, 'table'), 'name'))
                    yield '`](#'
                    yield str(environment.getattr(l_3_tv, 'anchor'))
                    yield ')'
                    yield str((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 28 in 'reference.md.j2' evaluated to false and no else section was defined.")))
                l_3_loop = l_3_tv = missing
                yield '\n'
            l_2_loop = l_2_c = missing
    l_1_loop = l_1_s = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'quick_start')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n```sh\nexport TURSO_DATABASE_URL='
        yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'database_url'))
        yield '   # or put both in .env\nexport TURSO_AUTH_TOKEN=<read-write token>\nschemagen plan              # what push would change, with the risk of each step\nschemagen push              # apply the plan in one transaction\nschemagen plan --check      # exits 0: the database matches the spec\n```\n\nWith no `TURSO_DATABASE_URL` set, every command works on `local.db` in the project folder.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'conventions')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        for l_1_item in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'conventions'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(l_1_item)
            yield '\n'
        l_1_item = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'tables')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_c in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'categories'):
            _loop_vars = {}
            pass
            for l_2_tv in environment.getattr(l_1_c, 'tables'):
                _loop_vars = {}
                pass
                yield '\n### `'
                yield str(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name'))
                yield '`\n\n'
                yield str(environment.getattr(environment.getattr(l_2_tv, 'table'), 'description'))
                yield '\n\n'
                if environment.getattr(l_1_c, 'name'):
                    pass
                    yield '*Category:* '
                    yield str(environment.getattr(l_1_c, 'name'))
                    yield ' · '
                yield '*Variable:* `'
                yield str(environment.getattr(environment.getattr(l_2_tv, 'table'), 'variable'))
                yield '` · *Primary key:* '
                yield str(environment.getattr(l_2_tv, 'primary_key'))
                yield ' ·\n*Indexes:* '
                yield str(environment.getattr(l_2_tv, 'index_names'))
                if environment.getattr(l_2_tv, 'options'):
                    pass
                    yield ' · *Options:* `'
                    yield str(environment.getattr(l_2_tv, 'options'))
                    yield '`'
                yield '\n'
                if (environment.getattr(environment.getattr(l_2_tv, 'table'), 'name') in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'table_diagrams')):
                    pass
                    yield '\n`'
                    yield str(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name'))
                    yield '` and the tables one foreign key away from it:\n\n```mermaid\n'
                    yield str(environment.getitem(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'table_diagrams'), environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                    yield '```\n'
                yield '\n\n| Column | Property | Type | Constraints | Default | Description | Values |\n| --- | --- | --- | --- | --- | --- | --- |\n'
                for l_3_row in environment.getattr(l_2_tv, 'columns'):
                    _loop_vars = {}
                    pass
                    yield '| `'
                    yield str(environment.getattr(environment.getattr(l_3_row, 'column'), 'name'))
                    yield '` | `'
                    yield str(environment.getattr(environment.getattr(l_3_row, 'column'), 'prop'))
                    yield '` | '
                    yield str(t_2(environment.getattr(l_3_row, 'type')))
                    yield ' | '
                    yield str(t_2(environment.getattr(l_3_row, 'constraints')))
                    yield ' | '
                    yield str(t_2(environment.getattr(l_3_row, 'default')))
                    yield ' | '
                    yield str(t_2(environment.getattr(l_3_row, 'description')))
                    yield ' | '
                    yield str(t_2((environment.getattr(l_3_row, 'enum') or '')))
                    yield ' |\n'
                l_3_row = missing
                if environment.getattr(l_2_tv, 'constraints'):
                    pass
                    yield '\nTable constraints:\n'
                    for l_3_item in environment.getattr(l_2_tv, 'constraints'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(l_3_item)
                        yield '\n'
                    l_3_item = missing
                if environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                    pass
                    yield '\nNotes:\n'
                    for l_3_note in environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(l_3_note)
                        yield '\n'
                    l_3_note = missing
            l_2_tv = missing
        l_1_c = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'views')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nA view is a stored `SELECT`: it holds no rows of its own, and its columns are what the query returns\n(listed here as SQLite reports them; an expression column has no declared type).\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        l_1_loop = missing
        for l_1_v, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views'), undefined):
            _loop_vars = {}
            pass
            yield '\n### `'
            yield str(environment.getattr(environment.getattr(l_1_v, 'view'), 'name'))
            yield '`\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'view'), 'description'):
                pass
                yield str(environment.getattr(environment.getattr(l_1_v, 'view'), 'description'))
                yield '\n\n'
            yield '*Reads:* '
            l_2_loop = missing
            t_3 = 1
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_v, 'reads'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_2_r)
                yield '`'
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 122 in 'reference.md.j2' evaluated to false and no else section was defined.")))
                t_3 = 0
            l_2_loop = l_2_r = missing
            if t_3:
                pass
                yield 'no table'
            yield '\n\n| Column | Type | Description |\n| --- | --- | --- |\n'
            for l_2_c in environment.getattr(l_1_v, 'columns'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(l_2_c, 'name'))
                yield '` | '
                yield str((environment.getattr(l_2_c, 'type') or '—'))
                yield ' | '
                yield str(t_2(environment.getattr(l_2_c, 'description')))
                yield ' |\n'
            l_2_c = missing
            yield '\n```sql\n'
            yield str(environment.getattr(l_1_v, 'sql'))
            yield '\n```\n'
        l_1_loop = l_1_v = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'triggers')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nA trigger runs its statements inside the statement that fires it: when it fails, that statement fails.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_t in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers'):
            _loop_vars = {}
            pass
            yield '\n### `'
            yield str(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'name'))
            yield '`\n\n'
            if environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'):
                pass
                yield str(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'))
                yield '\n\n'
            yield '*Fires:* '
            yield str(environment.getattr(l_1_t, 'fires'))
            yield '\n\n```sql\n'
            yield str(environment.getattr(l_1_t, 'sql'))
            yield '\n```\n'
        l_1_t = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'virtual_tables')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nA virtual table is served by a module (FTS5 full-text search, R*Tree, ...), which keeps its data in\nshadow tables of its own; the module must be compiled into the SQLite or libSQL that opens the database.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_v in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals'):
            _loop_vars = {}
            pass
            yield '\n### `'
            yield str(environment.getattr(environment.getattr(l_1_v, 'table'), 'name'))
            yield '`\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'table'), 'description'):
                pass
                yield str(environment.getattr(environment.getattr(l_1_v, 'table'), 'description'))
                yield '\n\n'
            yield '*Module:* `'
            yield str(environment.getattr(environment.getattr(l_1_v, 'table'), 'module'))
            yield '` · *Arguments:* '
            yield str(environment.getattr(l_1_v, 'arguments'))
            yield '\n\n```sql\n'
            yield str(environment.getattr(l_1_v, 'sql'))
            yield '\n```\n'
        l_1_v = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'relationships')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
            pass
            yield '| Column | References | Kind | Label | Index that finds the referencing rows |\n| --- | --- | --- | --- | --- |\n'
            for l_1_r in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(l_1_r, 'source'))
                yield '` | `'
                yield str(environment.getattr(l_1_r, 'target'))
                yield '` | '
                yield str(('logical (no foreign key)' if environment.getattr(environment.getattr(l_1_r, 'rel'), 'logical') else str_join(('foreign key, ', environment.getattr(l_1_r, 'actions'), ))))
                yield ' | '
                yield str(t_2(environment.getattr(environment.getattr(l_1_r, 'rel'), 'verb')))
                yield ' | '
                yield str((environment.getattr(l_1_r, 'index') or 'none'))
                yield ' |\n'
            l_1_r = missing
            yield "\nThe last column is what SQLite's plan (`EXPLAIN QUERY PLAN`) uses to find the rows that reference one parent\nrow, as it does when that row is deleted or its key changes; *none* means it scans the whole table.\nForeign keys are enforced only on connections that run `PRAGMA foreign_keys = ON`"
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'logical_count'):
                pass
                yield '. A logical link is\ndocumented for readers and the ER diagram; nothing in the database checks it'
            yield '.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'json')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield "\n\nEach JSON column's shape, read from its JSON Schema in the spec, and an example value. In a shape, `?`\nmarks an optional key, `|` an alternative, `[]` an array, `...` that other keys are allowed, and\n`[key: string]` the type of any other key.\n"
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_f in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'json_fields'):
            _loop_vars = {}
            pass
            yield '\n### `'
            yield str(environment.getattr(l_1_f, 'table'))
            yield '.'
            yield str(environment.getattr(environment.getattr(l_1_f, 'column'), 'name'))
            yield '`\n\n'
            if environment.getattr(l_1_f, 'description'):
                pass
                yield str(environment.getattr(l_1_f, 'description'))
                yield '\n\n'
            yield 'Shape: `'
            yield str(environment.getattr(l_1_f, 'shape'))
            yield '`\n'
            if environment.getattr(l_1_f, 'example'):
                pass
                yield '\n```json\n'
                yield str(environment.getattr(l_1_f, 'example'))
                yield '\n```\n'
        l_1_f = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'environment')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_intro'))
        yield '\n\n| Variable | Meaning |\n| --- | --- |\n'
        for (l_1_name, l_1_meaning) in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_vars'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(l_1_name)
            yield '` | '
            yield str(t_2(l_1_meaning))
            yield ' |\n'
        l_1_name = l_1_meaning = missing
        yield '\n```sh\n# .env (git-ignored)\n'
        for l_1_line in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_example'):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
        yield '```\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'commands')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n| Command | What it does |\n| --- | --- |\n'
        for (l_1_cmd, l_1_what) in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'commands'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(l_1_cmd)
            yield '` | '
            yield str(t_2(l_1_what))
            yield ' |\n'
        l_1_cmd = l_1_what = missing
        yield '\n'
        yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'exit_codes'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'backup')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nAfter a restore, `schemagen plan --check` confirms the restored schema matches the spec.\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'performance')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        for l_1_item in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'performance'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(l_1_item)
            yield '\n'
        l_1_item = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'security')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        for l_1_item in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'security'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(l_1_item)
            yield '\n'
        l_1_item = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'troubleshooting')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n| Symptom | What to do |\n| --- | --- |\n'
        for (l_1_symptom, l_1_fix) in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'troubleshooting'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(t_2(l_1_symptom))
            yield ' | '
            yield str(t_2(l_1_fix))
            yield ' |\n'
        l_1_symptom = l_1_fix = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'

blocks = {}
debug_info = '1=29&2=32&4=34&5=36&6=40&7=42&8=44&9=48&10=52&12=55&13=58&14=61&17=66&18=68&20=70&24=73&25=77&26=81&27=84&28=88&33=106&34=109&36=112&39=114&47=116&49=118&50=121&52=124&54=126&55=130&57=133&58=134&60=136&61=139&63=142&64=144&65=146&66=149&68=153&70=155&72=157&73=167&75=174&77=177&80=179&86=182&87=186&89=201&92=204&93=208&96=211&99=214&100=218&106=223&107=226&109=229&113=231&114=234&116=238&118=240&119=242&122=247&127=260&128=264&132=272&136=275&137=278&139=281&142=283&143=285&145=289&147=291&148=293&151=296&154=298&158=301&159=304&161=307&165=309&166=311&168=315&170=317&171=319&174=322&177=326&181=329&182=332&184=335&186=337&189=340&190=344&195=356&198=360&200=362&201=365&203=368&208=370&209=372&211=376&213=380&214=382&217=385&218=387&221=390&226=393&227=396&229=399&231=401&235=403&236=407&241=413&242=416&245=420&247=422&248=425&250=428&254=430&255=434&258=440&259=442&261=444&262=447&264=450&267=452&269=454&270=457&272=460&274=462&275=466&277=469&278=470&280=472&281=475&283=478&285=480&286=484&288=487&289=488&291=490&292=493&294=496&298=498&299=502&301=507'
