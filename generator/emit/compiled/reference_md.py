"""reference.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = 'e074ebdf39c879337dad52a58283b18b41b7eaf81805d2ba174a69d0f023a7bb'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'reference.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_pages = resolve('pages')
    l_0_options = resolve('options')
    l_0_page = resolve('page')
    l_0_view = resolve('view')
    l_0_m = l_0_s = missing
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
        t_4 = environment.filters['line']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'line' found.")
    try:
        t_5 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_6 = environment.filters['span']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'span' found.")
    try:
        t_7 = environment.filters['text']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'text' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'reference.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str(t_3((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))))
    yield ': schema reference\n\nThe full reference of the '
    yield str(t_6(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ' database: every table and column, the relationships and\nconstraints, and how to configure, back up, tune, secure and troubleshoot it.\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'header'), (undefined(name='pages') if l_0_pages is missing else l_0_pages), 'this page'))
    yield 'The ER diagram, access patterns and indexing strategy are in ['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ');\nthe cheat sheet is ['
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
    yield str(t_7(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'description')))
    yield '\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'intro')))
    yield '\n\n**At a glance:** '
    yield str(t_7(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'glance')))
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
                    yield str(t_7(environment.getattr(l_2_c, 'name')))
                    yield ': '
                l_3_loop = missing
                for l_3_tv, l_3_loop in LoopContext(environment.getattr(l_2_c, 'tables'), undefined):
                    _loop_vars = {}
                    pass
                    yield '['
                    yield str(t_6(environment.getattr(environment.getattr(l_3_tv, 'table'), 'name')))
                    yield '](#'
                    yield str(environment.getattr(l_3_tv, 'anchor'))
                    yield ')'
                    yield str((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 27 in 'reference.md.j2' evaluated to false and no else section was defined.")))
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
        yield str(t_4(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'database_url')))
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
            yield str(t_7(l_1_item))
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
                yield str(t_6(environment.getattr(environment.getattr(l_2_tv, 'table'), 'name')))
                yield '\n\n'
                yield str(t_7(environment.getattr(environment.getattr(l_2_tv, 'table'), 'description')))
                yield '\n\n'
                if environment.getattr(l_1_c, 'name'):
                    pass
                    yield '*Category:* '
                    yield str(t_7(environment.getattr(l_1_c, 'name')))
                    yield ' · '
                yield '*Variable:* '
                yield str(t_6(environment.getattr(environment.getattr(l_2_tv, 'table'), 'variable')))
                yield ' · *Primary key:* '
                yield str(t_7(environment.getattr(l_2_tv, 'primary_key')))
                yield ' ·\n*Indexes:* '
                yield str(t_7(environment.getattr(l_2_tv, 'index_names')))
                if environment.getattr(l_2_tv, 'options'):
                    pass
                    yield ' · *Options:* '
                    yield str(t_6(environment.getattr(l_2_tv, 'options')))
                yield '\n\n| Column | Property | Type | Constraints | Default | Description | Values |\n| --- | --- | --- | --- | --- | --- | --- |\n'
                for l_3_row in environment.getattr(l_2_tv, 'columns'):
                    _loop_vars = {}
                    pass
                    yield '| '
                    yield str(t_1(environment.getattr(environment.getattr(l_3_row, 'column'), 'name')))
                    yield ' | '
                    yield str(t_1(environment.getattr(environment.getattr(l_3_row, 'column'), 'prop')))
                    yield ' | '
                    yield str(t_5(environment.getattr(l_3_row, 'type')))
                    yield ' | '
                    yield str(t_5(environment.getattr(l_3_row, 'constraints')))
                    yield ' | '
                    yield str(t_5(environment.getattr(l_3_row, 'default')))
                    yield ' | '
                    yield str(t_5(environment.getattr(l_3_row, 'description')))
                    yield ' | '
                    yield str(t_5((environment.getattr(l_3_row, 'enum') or '')))
                    yield ' |\n'
                l_3_row = missing
                if environment.getattr(l_2_tv, 'constraints'):
                    pass
                    yield '\nTable constraints:\n'
                    for l_3_item in environment.getattr(l_2_tv, 'constraints'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(t_7(l_3_item))
                        yield '\n'
                    l_3_item = missing
                if environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                    pass
                    yield '\nNotes:\n'
                    for l_3_note in environment.getattr(environment.getattr(l_2_tv, 'table'), 'notes'):
                        _loop_vars = {}
                        pass
                        yield '- '
                        yield str(t_7(l_3_note))
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
            yield str(t_6(environment.getattr(environment.getattr(l_1_v, 'view'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'view'), 'description'):
                pass
                yield str(t_7(environment.getattr(environment.getattr(l_1_v, 'view'), 'description')))
                yield '\n\n'
            yield '*Reads:* '
            l_2_loop = missing
            t_8 = 1
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_v, 'reads'), undefined):
                _loop_vars = {}
                pass
                yield str(t_6(l_2_r))
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 113 in 'reference.md.j2' evaluated to false and no else section was defined.")))
                t_8 = 0
            l_2_loop = l_2_r = missing
            if t_8:
                pass
                yield 'no table'
            yield '\n\n| Column | Type | Description |\n| --- | --- | --- |\n'
            for l_2_c in environment.getattr(l_1_v, 'columns'):
                _loop_vars = {}
                pass
                yield '| '
                yield str(t_1(environment.getattr(l_2_c, 'name')))
                yield ' | '
                yield str(t_5((environment.getattr(l_2_c, 'type') or '—')))
                yield ' | '
                yield str(t_5(environment.getattr(l_2_c, 'description')))
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
            yield str(t_6(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'):
                pass
                yield str(t_7(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description')))
                yield '\n\n'
            yield '*Fires:* '
            yield str(t_7(environment.getattr(l_1_t, 'fires')))
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
            yield str(t_6(environment.getattr(environment.getattr(l_1_v, 'table'), 'name')))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_v, 'table'), 'description'):
                pass
                yield str(t_7(environment.getattr(environment.getattr(l_1_v, 'table'), 'description')))
                yield '\n\n'
            yield '*Module:* '
            yield str(t_6(environment.getattr(environment.getattr(l_1_v, 'table'), 'module')))
            yield ' · *Arguments:* '
            yield str(t_7(environment.getattr(l_1_v, 'arguments')))
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
            yield '| Column | References | Kind | Label | Index on the column |\n| --- | --- | --- | --- | --- |\n'
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
                yield str(t_5(environment.getattr(environment.getattr(l_1_r, 'rel'), 'label')))
                yield ' | '
                yield str(t_5((environment.getattr(l_1_r, 'index') or 'none')))
                yield ' |\n'
            l_1_r = missing
            yield '\nForeign keys are enforced only on connections that run `PRAGMA foreign_keys = ON`'
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
            yield str(t_6(str_join((environment.getattr(l_1_f, 'table'), '.', environment.getattr(environment.getattr(l_1_f, 'column'), 'name'), ))))
            yield '\n\n'
            if environment.getattr(l_1_f, 'description'):
                pass
                yield str(t_7(environment.getattr(l_1_f, 'description')))
                yield '\n\n'
            yield 'Shape: '
            yield str(t_6(environment.getattr(l_1_f, 'shape')))
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
        yield str(t_7(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_intro')))
        yield '\n\n| Variable | Meaning |\n| --- | --- |\n'
        for (l_1_name, l_1_meaning) in environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'env_vars'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(t_1(l_1_name))
            yield ' | '
            yield str(t_5(l_1_meaning))
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
            yield str(t_5(l_1_what))
            yield ' |\n'
        l_1_cmd = l_1_what = missing
        yield '\n'
        yield str(t_7(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'exit_codes')))
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
            yield str(t_7(l_1_item))
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
            yield str(t_7(l_1_item))
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
            yield str(t_5(l_1_symptom))
            yield ' | '
            yield str(t_5(l_1_fix))
            yield ' |\n'
        l_1_symptom = l_1_fix = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'

blocks = {}
debug_info = '1=59&2=62&4=64&6=66&7=68&8=72&9=76&11=79&12=82&13=85&16=90&17=92&19=94&23=97&24=101&25=105&26=108&27=112&32=130&33=133&35=136&38=138&46=140&48=142&49=145&51=148&53=150&54=154&56=157&57=158&59=160&60=163&62=166&63=168&64=170&65=173&67=177&69=179&71=181&72=191&77=197&78=201&80=216&83=219&84=223&87=226&90=229&91=233&97=238&98=241&100=244&104=246&105=249&107=253&109=255&110=257&113=262&118=273&119=277&122=285&123=287&124=289&127=292&128=295&130=298&133=300&134=302&136=306&138=308&139=310&142=313&144=315&145=317&146=319&149=322&150=325&152=328&156=330&157=332&159=336&161=338&162=340&165=343&167=347&168=349&169=351&172=354&173=357&175=360&177=362&180=365&181=369&184=381&187=385&189=387&190=390&192=393&197=395&198=397&200=401&202=403&203=405&206=408&207=410&209=413&210=415&211=417&215=420&216=423&218=426&220=428&224=430&225=434&230=440&231=443&234=447&236=449&237=452&239=455&243=457&244=461&247=467&248=469&250=471&251=474&253=477&256=479&258=481&259=484&261=487&263=489&264=493&266=496&267=497&269=499&270=502&272=505&274=507&275=511&277=514&278=515&280=517&281=520&283=523&287=525&288=529&290=534'
