"""quick_reference.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '54386b93189db17ae5181336f46775b4752b0baff5a7285dc55d9d3f943ac8b4'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'quick_reference.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_schema = resolve('schema')
    l_0_pages = resolve('pages')
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
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'quick_reference.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ': quick reference\n\nThe cheat sheet for the `'
    yield str(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))
    yield '` database: '
    yield str(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_about'))
    yield '.\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'header'), (undefined(name='pages') if l_0_pages is missing else l_0_pages), 'this page'))
    yield 'Full details (environment, security and troubleshooting too) are in\n['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
    yield '), the ER diagram in ['
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ']('
    yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'diagram'), 'name'))
    yield ').\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'intro')))
    yield '\n\n## Contents\n\n'
    yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'toc'), (undefined(name='page') if l_0_page is missing else l_0_page)))
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
            yield str(t_3(l_1_what))
            yield ' |\n'
        l_1_cmd = l_1_what = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'tables')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n| Table'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_categories'):
            pass
            yield ' | Category'
        yield ' | Purpose | Key fields'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_options'):
            pass
            yield ' | Options'
        yield ' |\n| ---'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_categories'):
            pass
            yield ' | ---'
        yield ' | --- | ---'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_options'):
            pass
            yield ' | ---'
        yield ' |\n'
        for l_1_tv in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'tables'):
            _loop_vars = {}
            pass
            yield '| [`'
            yield str(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name'))
            yield '`]('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_tv, 'anchor'))
            yield ')'
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_categories'):
                pass
                yield ' | '
                yield str(t_3((environment.getattr(environment.getattr(l_1_tv, 'table'), 'category') or '—')))
            yield ' | '
            yield str(t_3(environment.getattr(l_1_tv, 'summary')))
            yield ' | '
            yield str(environment.getattr(l_1_tv, 'key_fields'))
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_options'):
                pass
                yield ' | '
                yield str((str_join(('`', environment.getattr(l_1_tv, 'options'), '`', )) if environment.getattr(l_1_tv, 'options') else '—'))
            yield ' |\n'
        l_1_tv = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'schema_objects')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n| Name | Kind | What it does |\n| --- | --- | --- |\n'
        l_1_loop = missing
        for l_1_v, l_1_loop in LoopContext(environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'views'), undefined):
            _loop_vars = {}
            pass
            yield '| [`'
            yield str(environment.getattr(environment.getattr(l_1_v, 'view'), 'name'))
            yield '`]('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_v, 'anchor'))
            yield ') | view | '
            yield str((str_join((environment.getattr(l_1_v, 'summary'), ' ', )) if environment.getattr(l_1_v, 'summary') else cond_expr_undefined("the inline if-expression on line 45 in 'quick_reference.md.j2' evaluated to false and no else section was defined.")))
            yield 'Reads '
            l_2_loop = missing
            t_5 = 1
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_v, 'reads'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_2_r)
                yield '`'
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 45 in 'quick_reference.md.j2' evaluated to false and no else section was defined.")))
                t_5 = 0
            l_2_loop = l_2_r = missing
            if t_5:
                pass
                yield 'no table'
            yield '; '
            yield str(t_2(environment.getattr(l_1_v, 'columns')))
            yield ' column'
            yield str(('' if (t_2(environment.getattr(l_1_v, 'columns')) == 1) else 's'))
            yield '. |\n'
        l_1_loop = l_1_v = missing
        for l_1_t in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers'):
            _loop_vars = {}
            pass
            yield '| [`'
            yield str(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'name'))
            yield '`]('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_t, 'anchor'))
            yield ') | trigger | '
            yield str(environment.getattr(l_1_t, 'fires'))
            yield str((str_join((': ', environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'), )) if environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description') else cond_expr_undefined("the inline if-expression on line 48 in 'quick_reference.md.j2' evaluated to false and no else section was defined.")))
            yield ' |\n'
        l_1_t = missing
        for l_1_v in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals'):
            _loop_vars = {}
            pass
            yield '| [`'
            yield str(environment.getattr(environment.getattr(l_1_v, 'table'), 'name'))
            yield '`]('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_v, 'anchor'))
            yield ') | virtual table | `USING '
            yield str(environment.getattr(environment.getattr(l_1_v, 'table'), 'module'))
            yield '`'
            yield str((str_join((': ', environment.getattr(environment.getattr(l_1_v, 'table'), 'description'), )) if environment.getattr(environment.getattr(l_1_v, 'table'), 'description') else cond_expr_undefined("the inline if-expression on line 51 in 'quick_reference.md.j2' evaluated to false and no else section was defined.")))
            yield ' |\n'
        l_1_v = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'primary_keys')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nWho fills each key column, and what a raw `INSERT` that leaves it out does.\n\n| Table | Key column | Filled by | An INSERT without it |\n| --- | --- | --- | --- |\n'
        for l_1_tv in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'tables'):
            _loop_vars = {}
            pass
            for l_2_k in environment.getattr(l_1_tv, 'keys'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name'))
                yield '` | '
                yield str((str_join(('`', environment.getattr(l_2_k, 'column'), '`', )) if environment.getattr(l_2_k, 'column') else 'none (rowid)'))
                yield ' | '
                yield str(t_3(environment.getattr(l_2_k, 'filled_by')))
                yield ' | '
                yield str(t_3(environment.getattr(l_2_k, 'without')))
                yield ' |\n'
            l_2_k = missing
        l_1_tv = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'foreign_keys')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
            pass
            yield '| Column | References | Kind |\n| --- | --- | --- |\n'
            for l_1_r in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'relationships'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(l_1_r, 'source'))
                yield '` | `'
                yield str(environment.getattr(l_1_r, 'target'))
                yield '` | '
                yield str(('logical only, no foreign key' if environment.getattr(environment.getattr(l_1_r, 'rel'), 'logical') else str_join(('foreign key, ', environment.getattr(l_1_r, 'actions'), ))))
                yield ' |\n'
            l_1_r = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'checks')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'checks'):
            pass
            yield 'CHECK constraints written in the spec (closed enums and JSON validity are listed with their columns).\n\n| Table | Column | Name | Expression |\n| --- | --- | --- | --- |\n'
            for l_1_c in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'checks'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(l_1_c, 'table'))
                yield '` | '
                yield str((str_join(('`', environment.getattr(l_1_c, 'column'), '`', )) if environment.getattr(l_1_c, 'column') else '(table)'))
                yield ' | '
                yield str((str_join(('`', environment.getattr(environment.getattr(l_1_c, 'check'), 'name'), '`', )) if environment.getattr(environment.getattr(l_1_c, 'check'), 'name') else '—'))
                yield ' | '
                yield str(t_1(environment.getattr(environment.getattr(l_1_c, 'check'), 'sql')))
                yield ' |\n'
            l_1_c = missing
        if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'generated'):
            pass
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'checks'):
                pass
                yield '\n'
            yield 'Generated columns: computed by SQLite, never written by an insert.\n\n| Column | Expression | Stored |\n| --- | --- | --- |\n'
            for l_1_g in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'generated'):
                _loop_vars = {}
                pass
                yield '| `'
                yield str(environment.getattr(l_1_g, 'table'))
                yield '.'
                yield str(environment.getattr(l_1_g, 'column'))
                yield '` | '
                yield str(t_1(environment.getattr(l_1_g, 'sql')))
                yield ' | '
                yield str(('yes (STORED)' if environment.getattr(l_1_g, 'stored') else 'no (VIRTUAL)'))
                yield ' |\n'
            l_1_g = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'json')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nAll JSON is stored as `text`'
        yield str(environment.getitem({'all': ' and must pass `json_valid`', 'some': '; columns with a JSON check must pass `json_valid`', 'none': ''}, environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'json_checked')))
        yield ". Shapes are read from the spec's JSON Schemas\n(`?` optional key, `|` alternative, `...` other keys allowed).\n\n| Column | Shape | Example |\n| --- | --- | --- |\n"
        for l_1_f in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'json_fields'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(environment.getattr(l_1_f, 'table'))
            yield '.'
            yield str(environment.getattr(environment.getattr(l_1_f, 'column'), 'name'))
            yield '` | '
            yield str(t_1(environment.getattr(l_1_f, 'shape')))
            yield ' | '
            yield str((t_1(environment.getattr(l_1_f, 'example_inline')) if environment.getattr(l_1_f, 'example_inline') else (str_join(('[see the reference](', environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'), '#', environment.getattr(l_1_f, 'anchor'), ')', )) if environment.getattr(l_1_f, 'example') else '—')))
            yield ' |\n'
        l_1_f = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'closed_values')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nClosed sets: the database refuses any other value (`CHECK ... IN (...)`).\n\n| Column | Values | SQL default |\n| --- | --- | --- |\n'
        for l_1_e in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'closed_enums'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(environment.getattr(l_1_e, 'table'))
            yield '.'
            yield str(environment.getattr(environment.getattr(l_1_e, 'column'), 'name'))
            yield '` | '
            yield str(environment.getattr(l_1_e, 'values'))
            yield ' | '
            yield str(environment.getattr(l_1_e, 'default'))
            yield ' |\n'
        l_1_e = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'open_values')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\nOpen sets: the values listed are examples. The database accepts any text.\n\n| Column | Example values |\n| --- | --- |\n'
        for l_1_e in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'open_enums'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(environment.getattr(l_1_e, 'table'))
            yield '.'
            yield str(environment.getattr(environment.getattr(l_1_e, 'column'), 'name'))
            yield '` | '
            yield str(environment.getattr(l_1_e, 'values'))
            if (not t_4(environment.getattr(environment.getattr(l_1_e, 'column'), 'default'))):
                pass
                yield ' (SQL default '
                yield str(environment.getattr(l_1_e, 'default'))
                yield ')'
            yield ' |\n'
        l_1_e = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'volumes')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n| Table | Estimated rows | Small | Medium | Large |\n| --- | --- | --- | --- | --- |\n'
        for l_1_tv in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'tables'):
            _loop_vars = {}
            pass
            yield '| `'
            yield str(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name'))
            yield '` | '
            yield str((environment.getattr(environment.getattr(l_1_tv, 'table'), 'estimated_rows') or '—'))
            yield ' | '
            yield str((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'small') or '—'))
            yield ' | '
            yield str((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'medium') or '—'))
            yield ' | '
            yield str((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'large') or '—'))
            yield ' |\n'
        l_1_tv = missing
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'essential_queries')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_qv in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'essential'):
            _loop_vars = {}
            pass
            yield '\n### '
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'title'))
            yield '\n\n```sql\n'
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql'))
            yield '\n```\n'
        l_1_qv = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'maintenance')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
        for l_1_qv in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'maintenance'):
            _loop_vars = {}
            pass
            yield '\n### '
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'title'))
            yield '\n\n```sql\n'
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql'))
            yield '\n```\n'
        l_1_qv = missing
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'security')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bullets'), (undefined(name='s') if l_0_s is missing else l_0_s), '[ ] '))
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'codes'), (undefined(name='s') if l_0_s is missing else l_0_s)))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'environment')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'
    l_0_s = context.call(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'get'), 'troubleshooting')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    if (undefined(name='s') if l_0_s is missing else l_0_s):
        pass
        yield '\n## '
        yield str(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'title'))
        yield '\n'
        yield str(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'prose'), environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'blocks')))
        yield '\n'

blocks = {}
debug_info = '1=40&2=43&4=45&5=49&7=51&8=59&12=61&13=63&14=66&16=69&20=71&21=75&23=80&25=82&26=85&28=88&30=90&31=98&32=106&33=110&35=130&37=132&38=135&40=138&44=141&45=145&47=173&48=177&50=187&51=191&53=202&55=204&56=207&58=210&64=212&65=215&66=219&69=229&71=231&72=234&74=237&76=239&79=242&80=246&83=253&85=255&86=258&88=261&90=263&95=266&96=270&99=279&100=281&107=285&108=289&111=298&113=300&114=303&116=306&118=308&123=310&124=314&126=323&128=325&129=328&131=331&137=333&138=337&140=346&142=348&143=351&145=354&151=356&152=360&154=372&156=374&157=377&159=380&163=382&164=386&166=397&168=399&169=402&171=405&172=407&173=409&175=413&178=415&182=418&183=421&185=424&186=426&187=428&189=432&192=434&196=437&197=440&199=443&201=445&202=446&204=448&205=451&207=454&208=456&210=458&211=461&213=464&214=466'
