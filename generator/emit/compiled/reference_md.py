"""reference.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'b74bb90e99f6eeaee82f7d0b7aa86514c4788cf654a703d45e6042e695805906'
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
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['fence']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'fence' found.")
    try:
        t_3 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_4 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_5 = environment.filters['line']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'line' found.")
    try:
        t_6 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_7 = environment.filters['span']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'span' found.")
    try:
        t_8 = environment.filters['text']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'text' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'reference.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str(t_3((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))))
    yield ': schema reference\n\nThe full reference of the '
    yield str(t_7(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ' database: every table and column, the relationships and\n'
    l_0_how = (((['configure'] + (['back up'] if context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'backup') else [])) + ['tune']) + (['secure'] if context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'security') else []))
    context.vars['how'] = l_0_how
    context.exported_vars.add('how')
    yield 'constraints, and how to '
    yield str(t_4(context.eval_ctx, (undefined(name='how') if l_0_how is missing else l_0_how), ', '))
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
    yield str(t_8(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'description')))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'intro')))
    yield '\n\n**At a glance:** '
    yield str(t_8(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'glance')))
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
                    yield str(t_8(environment.getattr(l_2_c, 'name')))
                    yield ': '
                l_3_loop = missing
                for l_3_tv, l_3_loop in LoopContext(environment.getattr(l_2_c, 'tables'), undefined):
                    _loop_vars = {}
                    pass
                    yield '['
                    yield str(t_7(environment.getattr(environment.getattr(l_3_tv, 'table'), 'name')))
                    yield '](#'
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
        yield str(t_5(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'database_url')))
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
            yield str(t_8(l_1_item))
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
                yield '\n### '
                yield str(t_7(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                yield '\n\n'
                yield str(t_8(environment.getattr(environment.getattr(l_2_tv, 'table'), 'description')))
                yield '\n\n'
                if environment.getattr(l_1_c, 'name'):
                    pass
                    yield '*Category:* '
                    yield str(t_8(environment.getattr(l_1_c, 'name')))
                    yield ' · '
                yield '*Variable:* '
                yield str(t_7(environment.getattr(environment.getattr(l_2_tv, 'table'), 'variable')))
                yield ' · *Primary key:* '
                yield str(t_8(environment.getattr(l_2_tv, 'primary_key')))
                yield ' ·\n*Indexes:* '
                yield str(t_8(environment.getattr(l_2_tv, 'index_names')))
                if environment.getattr(l_2_tv, 'options'):
                    pass
                    yield ' · *Options:* '
                    yield str(t_7(environment.getattr(l_2_tv, 'options')))
                yield '\n'
                if (environment.getattr(environment.getattr(l_2_tv, 'table'), 'name') in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'table_diagrams')):
                    pass
                    yield '\n'
                    yield str(t_7(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                    yield ' and the tables one foreign key away from it:\n\n```mermaid\n'
                    yield str(environment.getitem(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'table_diagrams'), environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                    yield '```\n'
                yield '\n\n| Column | Property | Type | Constraints | Default | Description | Values |\n| --- | --- | --- | --- | --- | --- | --- |\n'
                for l_3_row in environment.getattr(l_2_tv, 'columns'):
                    _loop_vars = {}
                    pass
                    yield '| '
                    yield str(t_1(environment.getattr(environment.getattr(l_3_row, 'column'), 'name')))
                    yield ' | '
                    yield str(t_1(environment.getattr(environment.getattr(l_3_row, 'column'), 'prop')))
                    yield ' | '
                    yield str(t_6(environment.getattr(l_3_row, 'type')))
                    yield ' | '
                    yield str(t_6(environment.getattr(l_3_row, 'constraints')))
                    yield ' | '
                    yield str(t_6(environment.getattr(l_3_row, 'default')))
                    yield ' | '
                    yield str(t_6(environment.getattr(l_3_row, 'description')))
                    yield ' | '
                    yield str(t_6((environment.getattr(l_3_row, 'enum') or '')))
                    yield ' |\n'
                l_3_row = missing
                if environment.getattr(l_2_tv, 'constraints'):
                    pass
                    yield '\nTable constraints:\n'
                    for l_3_item in environment.getattr(l_2_tv, 'constraints'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(t_8(l_3_item))
                        yield '\n'
                    l_3_item = missing
                if environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                    pass
                    yield '\nNotes:\n'
                    for l_3_note in environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(t_8(l_3_note))
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
            yield '\n### '
            yield str(t_7(environment.getattr(environment.getattr(l_1_v, 'view'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'view'), 'description'):
                pass
                yield str(t_8(environment.getattr(environment.getattr(l_1_v, 'view'), 'description')))
                yield '\n\n'
            yield '*Reads:* '
            l_2_loop = missing
            t_9 = 1
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_v, 'reads'), undefined):
                _loop_vars = {}
                pass
                yield str(t_7(l_2_r))
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 122 in 'reference.md.j2' evaluated to false and no else section was defined.")))
                t_9 = 0
            l_2_loop = l_2_r = missing
            if t_9:
                pass
                yield 'no table'
            yield '\n\n| Column | Type | Description |\n| --- | --- | --- |\n'
            for l_2_c in environment.getattr(l_1_v, 'columns'):
                _loop_vars = {}
                pass
                yield '| '
                yield str(t_1(environment.getattr(l_2_c, 'name')))
                yield ' | '
                yield str(t_6((environment.getattr(l_2_c, 'type') or '—')))
                yield ' | '
                yield str(t_6(environment.getattr(l_2_c, 'description')))
                yield ' |\n'
            l_2_c = missing
            yield '\n'
            yield str(t_2(environment.getattr(l_1_v, 'sql')))
            yield 'sql\n'
            yield str(environment.getattr(l_1_v, 'sql'))
            yield '\n'
            yield str(t_2(environment.getattr(l_1_v, 'sql')))
            yield '\n'
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
            yield '\n### '
            yield str(t_7(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'):
                pass
                yield str(t_8(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description')))
                yield '\n\n'
            yield '*Fires:* '
            yield str(t_8(environment.getattr(l_1_t, 'fires')))
            yield '\n\n'
            yield str(t_2(environment.getattr(l_1_t, 'sql')))
            yield 'sql\n'
            yield str(environment.getattr(l_1_t, 'sql'))
            yield '\n'
            yield str(t_2(environment.getattr(l_1_t, 'sql')))
            yield '\n'
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
            yield '\n### '
            yield str(t_7(environment.getattr(environment.getattr(l_1_v, 'table'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'table'), 'description'):
                pass
                yield str(t_8(environment.getattr(environment.getattr(l_1_v, 'table'), 'description')))
                yield '\n\n'
            yield '*Module:* '
            yield str(t_7(environment.getattr(environment.getattr(l_1_v, 'table'), 'module')))
            yield ' · *Arguments:* '
            yield str(t_8(environment.getattr(l_1_v, 'arguments')))
            yield '\n\n'
            yield str(t_2(environment.getattr(l_1_v, 'sql')))
            yield 'sql\n'
            yield str(environment.getattr(l_1_v, 'sql'))
            yield '\n'
            yield str(t_2(environment.getattr(l_1_v, 'sql')))
            yield '\n'
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
                yield '| '
                yield str(t_1(environment.getattr(l_1_r, 'source')))
                yield ' | '
                yield str(t_1(environment.getattr(l_1_r, 'target')))
                yield ' | '
                yield str(('logical (no foreign key)' if environment.getattr(environment.getattr(l_1_r, 'rel'), 'logical') else str_join(('foreign key, ', environment.getattr(l_1_r, 'actions'), ))))
                yield ' | '
                yield str(t_6(environment.getattr(environment.getattr(l_1_r, 'rel'), 'verb')))
                yield ' | '
                yield str(t_6((environment.getattr(l_1_r, 'index') or 'none')))
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
            yield '\n### '
            yield str(t_7(str_join((environment.getattr(l_1_f, 'table'), '.', environment.getattr(environment.getattr(l_1_f, 'column'), 'name'), ))))
            yield '\n\n'
            if environment.getattr(l_1_f, 'description'):
                pass
                yield str(t_8(environment.getattr(l_1_f, 'description')))
                yield '\n\n'
            yield 'Shape: '
            yield str(t_7(environment.getattr(l_1_f, 'shape')))
            yield '\n'
            if environment.getattr(l_1_f, 'example'):
                pass
                yield '\n'
                yield str(t_2(environment.getattr(l_1_f, 'example')))
                yield 'json\n'
                yield str(environment.getattr(l_1_f, 'example'))
                yield '\n'
                yield str(t_2(environment.getattr(l_1_f, 'example')))
                yield '\n'
        l_1_f = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'environment')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        yield str(t_8(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_intro')))
        yield '\n\n| Variable | Meaning |\n| --- | --- |\n'
        for (l_1_name, l_1_meaning) in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_vars'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(t_1(l_1_name))
            yield ' | '
            yield str(t_6(l_1_meaning))
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
            yield '| '
            yield str(t_1(l_1_cmd))
            yield ' | '
            yield str(t_6(l_1_what))
            yield ' |\n'
        l_1_cmd = l_1_what = missing
        yield '\n'
        yield str(t_8(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'exit_codes')))
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
            yield str(t_8(l_1_item))
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
            yield str(t_8(l_1_item))
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
            yield str(t_6(l_1_symptom))
            yield ' | '
            yield str(t_6(l_1_fix))
            yield ' |\n'
        l_1_symptom = l_1_fix = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'

blocks = {}
debug_info = '1=65&2=68&4=70&5=72&6=76&7=78&8=80&9=84&10=88&12=91&13=94&14=97&17=102&18=104&20=106&24=109&25=113&26=117&27=120&28=124&33=142&34=145&36=148&39=150&47=152&49=154&50=157&52=160&54=162&55=166&57=169&58=170&60=172&61=175&63=178&64=180&65=182&66=185&68=189&70=191&72=193&73=203&75=209&77=212&80=214&86=217&87=221&89=236&92=239&93=243&96=246&99=249&100=253&106=258&107=261&109=264&113=266&114=269&116=273&118=275&119=277&122=282&127=293&128=297&131=305&132=307&133=309&136=312&137=315&139=318&142=320&143=322&145=326&147=328&148=330&151=333&153=335&154=337&155=339&158=342&159=345&161=348&165=350&166=352&168=356&170=358&171=360&174=363&176=367&177=369&178=371&181=374&182=377&184=380&186=382&189=385&190=389&195=401&198=405&200=407&201=410&203=413&208=415&209=417&211=421&213=423&214=425&217=428&218=430&220=433&221=435&222=437&226=440&227=443&229=446&231=448&235=450&236=454&241=460&242=463&245=467&247=469&248=472&250=475&254=477&255=481&258=487&259=489&261=491&262=494&264=497&267=499&269=501&270=504&272=507&274=509&275=513&277=516&278=517&280=519&281=522&283=525&285=527&286=531&288=534&289=535&291=537&292=540&294=543&298=545&299=549&301=554'
