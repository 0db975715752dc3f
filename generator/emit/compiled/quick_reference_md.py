"""quick_reference.md.j2, compiled by Jinja (`make templates` writes this file; do not edit it)."""
KEY = '1de1c7a23fd6061228883b132dea26e5c5d8fc8e7206e4efa314bd8f452fe9b4'
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
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
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
    try:
        t_8 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('_macros.md.j2', 'quick_reference.md.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    yield '# '
    yield str(t_3((environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'title') or environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name'))))
    yield ': quick reference\n\nThe cheat sheet for the '
    yield str(t_6(environment.getattr((undefined(name='schema') if l_0_schema is missing else l_0_schema), 'name')))
    yield ' database: '
    yield str(t_7(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'quick_about')))
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
            yield '| '
            yield str(t_1(l_1_cmd))
            yield ' | '
            yield str(t_5(l_1_what))
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
            yield '| ['
            yield str(t_1(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name')))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_tv, 'anchor'))
            yield ')'
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_categories'):
                pass
                yield ' | '
                yield str(t_5((environment.getattr(environment.getattr(l_1_tv, 'table'), 'category') or '—')))
            yield ' | '
            yield str(t_5(environment.getattr(l_1_tv, 'summary')))
            yield ' | '
            yield str(t_5(environment.getattr(l_1_tv, 'key_fields')))
            if environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'has_options'):
                pass
                yield ' | '
                yield str(t_5((str_join(('`', environment.getattr(l_1_tv, 'options'), '`', )) if environment.getattr(l_1_tv, 'options') else '—')))
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
            yield '| ['
            yield str(t_1(environment.getattr(environment.getattr(l_1_v, 'view'), 'name')))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_v, 'anchor'))
            yield ') | view | '
            yield str(t_5((str_join((environment.getattr(l_1_v, 'summary'), ' ', )) if environment.getattr(l_1_v, 'summary') else cond_expr_undefined("the inline if-expression on line 45 in 'quick_reference.md.j2' evaluated to false and no else section was defined."))))
            yield 'Reads '
            l_2_loop = missing
            t_9 = 1
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_v, 'reads'), undefined):
                _loop_vars = {}
                pass
                yield str(t_1(l_2_r))
                yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 45 in 'quick_reference.md.j2' evaluated to false and no else section was defined.")))
                t_9 = 0
            l_2_loop = l_2_r = missing
            if t_9:
                pass
                yield 'no table'
            yield '; '
            yield str(t_4(environment.getattr(l_1_v, 'columns')))
            yield ' column'
            yield str(('' if (t_4(environment.getattr(l_1_v, 'columns')) == 1) else 's'))
            yield '. |\n'
        l_1_loop = l_1_v = missing
        for l_1_t in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'triggers'):
            _loop_vars = {}
            pass
            yield '| ['
            yield str(t_1(environment.getattr(environment.getattr(l_1_t, 'trigger'), 'name')))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_t, 'anchor'))
            yield ') | trigger | '
            yield str(t_5(environment.getattr(l_1_t, 'fires')))
            yield str(t_5((str_join((': ', environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description'), )) if environment.getattr(environment.getattr(l_1_t, 'trigger'), 'description') else cond_expr_undefined("the inline if-expression on line 48 in 'quick_reference.md.j2' evaluated to false and no else section was defined."))))
            yield ' |\n'
        l_1_t = missing
        for l_1_v in environment.getattr((undefined(name='view') if l_0_view is missing else l_0_view), 'virtuals'):
            _loop_vars = {}
            pass
            yield '| ['
            yield str(t_1(environment.getattr(environment.getattr(l_1_v, 'table'), 'name')))
            yield ']('
            yield str(environment.getattr(environment.getattr((undefined(name='pages') if l_0_pages is missing else l_0_pages), 'reference'), 'name'))
            yield '#'
            yield str(environment.getattr(l_1_v, 'anchor'))
            yield ') | virtual table | '
            yield str(t_1(str_join(('USING ', environment.getattr(environment.getattr(l_1_v, 'table'), 'module'), ))))
            yield str(t_5((str_join((': ', environment.getattr(environment.getattr(l_1_v, 'table'), 'description'), )) if environment.getattr(environment.getattr(l_1_v, 'table'), 'description') else cond_expr_undefined("the inline if-expression on line 51 in 'quick_reference.md.j2' evaluated to false and no else section was defined."))))
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
                yield '| '
                yield str(t_1(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name')))
                yield ' | '
                yield str((t_1(environment.getattr(l_2_k, 'column')) if environment.getattr(l_2_k, 'column') else 'none (rowid)'))
                yield ' | '
                yield str(t_5(environment.getattr(l_2_k, 'filled_by')))
                yield ' | '
                yield str(t_5(environment.getattr(l_2_k, 'without')))
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
                yield '| '
                yield str(t_1(environment.getattr(l_1_r, 'source')))
                yield ' | '
                yield str(t_1(environment.getattr(l_1_r, 'target')))
                yield ' | '
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
                yield '| '
                yield str(t_1(environment.getattr(l_1_c, 'table')))
                yield ' | '
                yield str((t_1(environment.getattr(l_1_c, 'column')) if environment.getattr(l_1_c, 'column') else '(table)'))
                yield ' | '
                yield str((t_1(environment.getattr(environment.getattr(l_1_c, 'check'), 'name')) if environment.getattr(environment.getattr(l_1_c, 'check'), 'name') else '—'))
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
                yield '| '
                yield str(t_1(str_join((environment.getattr(l_1_g, 'table'), '.', environment.getattr(l_1_g, 'column'), ))))
                yield ' | '
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
            yield '| '
            yield str(t_1(str_join((environment.getattr(l_1_f, 'table'), '.', environment.getattr(environment.getattr(l_1_f, 'column'), 'name'), ))))
            yield ' | '
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
            yield '| '
            yield str(t_1(str_join((environment.getattr(l_1_e, 'table'), '.', environment.getattr(environment.getattr(l_1_e, 'column'), 'name'), ))))
            yield ' | '
            yield str(t_5(environment.getattr(l_1_e, 'values')))
            yield ' | '
            yield str(t_5(environment.getattr(l_1_e, 'default')))
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
            yield '| '
            yield str(t_1(str_join((environment.getattr(l_1_e, 'table'), '.', environment.getattr(environment.getattr(l_1_e, 'column'), 'name'), ))))
            yield ' | '
            yield str(t_5(environment.getattr(l_1_e, 'values')))
            if (not t_8(environment.getattr(environment.getattr(l_1_e, 'column'), 'default'))):
                pass
                yield ' (SQL default '
                yield str(t_5(environment.getattr(l_1_e, 'default')))
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
            yield '| '
            yield str(t_1(environment.getattr(environment.getattr(l_1_tv, 'table'), 'name')))
            yield ' | '
            yield str(t_5((environment.getattr(environment.getattr(l_1_tv, 'table'), 'estimated_rows') or '—')))
            yield ' | '
            yield str(t_5((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'small') or '—')))
            yield ' | '
            yield str(t_5((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'medium') or '—')))
            yield ' | '
            yield str(t_5((environment.getattr(environment.getattr(environment.getattr(l_1_tv, 'table'), 'volumes'), 'large') or '—')))
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
            yield str(t_3(environment.getattr(environment.getattr(l_1_qv, 'query'), 'title')))
            yield '\n\n'
            yield str(t_2(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql')))
            yield 'sql\n'
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql'))
            yield '\n'
            yield str(t_2(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql')))
            yield '\n'
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
            yield str(t_3(environment.getattr(environment.getattr(l_1_qv, 'query'), 'title')))
            yield '\n\n'
            yield str(t_2(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql')))
            yield 'sql\n'
            yield str(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql'))
            yield '\n'
            yield str(t_2(environment.getattr(environment.getattr(l_1_qv, 'query'), 'sql')))
            yield '\n'
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
debug_info = '1=64&2=67&4=69&5=73&7=75&8=83&12=85&13=87&14=90&16=93&20=95&21=99&23=104&25=106&26=109&28=112&30=114&31=122&32=130&33=134&35=154&37=156&38=159&40=162&44=165&45=169&47=195&48=199&50=209&51=213&53=223&55=225&56=228&58=231&64=233&65=236&66=240&69=250&71=252&72=255&74=258&76=260&79=263&80=267&83=274&85=276&86=279&88=282&90=284&95=287&96=291&99=300&100=302&107=306&108=310&111=317&113=319&114=322&116=325&118=327&123=329&124=333&126=340&128=342&129=345&131=348&137=350&138=354&140=361&142=363&143=366&145=369&151=371&152=375&154=385&156=387&157=390&159=393&163=395&164=399&166=410&168=412&169=415&171=418&172=420&173=422&175=426&177=428&178=430&179=432&182=435&183=438&185=441&186=443&187=445&189=449&191=451&192=453&193=455&196=458&197=461&199=464&201=466&202=467&204=469&205=472&207=475&208=477&210=479&211=482&213=485&214=487'
